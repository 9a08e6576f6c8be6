"""Read the operations log: list operations, show a run or an operation (stats: db.stats).

Every function opens its own session and returns plain dataclasses, never ORM objects, so a
caller (the CLI, a report, the chat context) can use them after the session is closed.
Ids are matched by the full UUID or by a unique hex prefix (``3f2c``) of the string form
without dashes, which reads the same on SQLite (CHAR(32) hex) and PostgreSQL (native uuid).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, cast, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session

from netauto.db.engine import error_text, redacted_url, session_scope
from netauto.db.models import NetworkDevice, OperationLog, Run, User
from netauto.db.rows import OperationRow, RunDetail, RunRow
from netauto.exceptions import DatabaseError, UsageError

__all__ = ["OperationRow", "RunDetail", "RunRow", "list_operations", "parse_when", "show"]

MIN_PREFIX = 4
_AGE = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_when(value: str, *, option: str = "since", now: datetime | None = None) -> datetime:
    """A UTC time from an age (``30m``, ``1h``, ``2d``, ``1w``) or an ISO timestamp.

    ``option``: the parameter's name, which an error names (each front end spells it).

    A timestamp without a zone is local time, as the tables show local times.
    """
    match = _AGE.match(value)
    if match:
        try:
            delta = timedelta(**{_UNITS[match[2].lower()]: int(match[1])})
            return (now or datetime.now(UTC)) - delta
        except (OverflowError, ValueError):
            raise UsageError(
                f"{{{option}}} {value!r}: out of range (at most 1000 years)", params=(option,)
            ) from None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"{{{option}}} {value!r}: expected an age like 30m, 1h, 2d or an ISO timestamp",
            params=(option,),
        ) from None
    try:
        return parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        raise UsageError(f"{{{option}}} {value!r}: out of range", params=(option,)) from None


@contextmanager
def reading(url: str) -> Iterator[Session]:
    """A session whose SQLAlchemy errors become one-line DatabaseErrors (password hidden)."""
    try:
        with session_scope(url) as session:
            yield session
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"cannot read the operations log in {redacted_url(url)}: {error_text(exc)}"
        ) from None


def _id_key(ref: str, what: str) -> str:
    """The lower-case hex digits of an id or id prefix ("3f2c", "3f2c...", a full UUID)."""
    key = ref.strip().lower().rstrip(".").replace("-", "")
    if not re.fullmatch(r"[0-9a-f]{1,32}", key):
        raise UsageError(f"{ref!r} is not a {what} id or id prefix (hex digits)")
    if len(key) < MIN_PREFIX:
        raise UsageError(
            f"{what} id prefix {ref!r} is too short: give at least {MIN_PREFIX} digits"
        )
    return key


def _hex(column: InstrumentedAttribute[uuid.UUID]) -> ColumnElement[str]:
    # CAST gives 32 hex digits on SQLite and the dashed form on PostgreSQL: strip the dashes.
    return func.lower(func.replace(cast(column, String), "-", ""))


def _matching(
    session: Session, column: InstrumentedAttribute[uuid.UUID], key: str
) -> list[uuid.UUID]:
    if len(key) == 32:
        statement = select(column).where(column == uuid.UUID(key))
    else:
        statement = select(column).where(_hex(column).like(key + "%")).limit(5)
    return list(session.scalars(statement))


def _ambiguous(ref: str, found: Sequence[tuple[str, uuid.UUID]]) -> UsageError:
    listed = ", ".join(f"{kind} {ident.hex[:12]}" for kind, ident in found)
    return UsageError(f"id prefix {ref!r} is ambiguous ({listed}...): give more digits")


def _resolve_run(session: Session, ref: str) -> uuid.UUID:
    found = _matching(session, Run.id, _id_key(ref, "run"))
    if not found:
        raise UsageError(f"no run matches {ref!r}")
    if len(found) > 1:
        raise _ambiguous(ref, [("run", ident) for ident in found])
    return found[0]


def _operations(session: Session, *where: ColumnElement[bool], detail: bool = False) -> Any:
    columns: list[Any] = [
        OperationLog.id,
        OperationLog.run_id,
        Run.runbook,
        OperationLog.host,
        OperationLog.operation_type,
        OperationLog.status,
        OperationLog.execution_time_ms,
        OperationLog.changed,
        User.username,
        OperationLog.created_at,
        OperationLog.finished_at,
        OperationLog.error_message,
    ]
    if detail:
        columns += [OperationLog.command, OperationLog.result, OperationLog.diff]
    return (
        select(*columns)
        .outerjoin(Run, OperationLog.run_id == Run.id)
        .outerjoin(User, OperationLog.user_id == User.id)
        .where(*where)
    )


def operation_filters(
    hosts: Sequence[str],
    types: Sequence[str],
    statuses: Sequence[str],
    since: datetime | None,
    until: datetime | None,
) -> list[ColumnElement[bool]]:
    """The conditions on operations_log of the filters given (empty ones match all)."""
    where: list[ColumnElement[bool]] = []
    if hosts:
        where.append(OperationLog.host.in_(hosts))
    if types:
        where.append(OperationLog.operation_type.in_(types))
    if statuses:
        where.append(OperationLog.status.in_(statuses))
    if since is not None:
        where.append(OperationLog.created_at >= since)
    if until is not None:
        where.append(OperationLog.created_at < until)
    return where


def list_operations(
    url: str,
    *,
    hosts: Sequence[str] = (),
    types: Sequence[str] = (),
    statuses: Sequence[str] = (),
    run: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = 50,
) -> list[OperationRow]:
    """Operations matching every given filter, newest first; ``limit=None`` for all."""
    where = operation_filters(hosts, types, statuses, since, until)
    with reading(url) as session:
        if run is not None:
            where.append(OperationLog.run_id == _resolve_run(session, run))
        statement = _operations(session, *where).order_by(
            OperationLog.created_at.desc(), OperationLog.id
        )
        if limit:
            statement = statement.limit(limit)
        return [OperationRow(**row._asdict()) for row in session.execute(statement)]


def run_row(run: Run) -> RunRow:
    """The row of a stored run."""
    return RunRow(
        id=run.id,
        runbook=run.runbook,
        username=run.username,
        arguments=run.arguments,
        started_at=run.started_at,
        finished_at=run.finished_at,
        hosts_total=run.hosts_total,
        hosts_ok=run.hosts_ok,
        hosts_failed=run.hosts_failed,
        hosts_changed=run.hosts_changed,
        status=run.status,
    )


def show(url: str, ref: str) -> RunDetail | OperationRow:
    """The run (with its operations, by host) or the operation that ``ref`` names."""
    key = _id_key(ref, "run or operation")
    with reading(url) as session:
        found = [("run", ident) for ident in _matching(session, Run.id, key)]
        found += [("operation", ident) for ident in _matching(session, OperationLog.id, key)]
        if not found:
            raise UsageError(f"no run or operation matches {ref!r}")
        if len(found) > 1:
            raise _ambiguous(ref, found)
        kind, ident = found[0]
        if kind == "operation":
            statement = _operations(session, OperationLog.id == ident, detail=True)
            return OperationRow(**session.execute(statement).one()._asdict())
        statement = _operations(session, OperationLog.run_id == ident, detail=True).order_by(
            OperationLog.host, OperationLog.created_at
        )
        operations = [OperationRow(**row._asdict()) for row in session.execute(statement)]
        return RunDetail(run=run_row(session.get_one(Run, ident)), operations=operations)


def newest_success(operation_type: str) -> Any:
    """A device's newest successful operation of one type, as a correlated subquery: one
    index probe per device (``idx_operations_type_host``), not an aggregate over the log."""
    return (
        select(func.max(OperationLog.created_at))
        .where(
            OperationLog.operation_type == operation_type,
            OperationLog.host == NetworkDevice.name,
            OperationLog.status == "success",
        )
        .scalar_subquery()
    )


def last_success(
    url: str, operation_type: str, names: Sequence[str] | None = None
) -> dict[str, datetime]:
    """Each device's (or each named device's) last successful operation of one type
    (``config_backup``: its last backup)."""
    statement = select(NetworkDevice.name, newest_success(operation_type))
    if names is not None:
        statement = statement.where(NetworkDevice.name.in_(names))
    with reading(url) as session:
        rows = session.execute(statement).all()
    return {name: when for name, when in rows if when is not None}
