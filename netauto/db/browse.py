"""Browse the operations log page by page: operations, runs, one device's facts and history.

Pages are keyset pages (newest first; the cursor is the last row's time and id), so the
thousandth page costs what the first does, and no COUNT(*) runs over millions of rows.
Plain dataclasses out, like :mod:`netauto.db.queries`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, null, or_, select

from netauto.db.models import NetworkDevice, OperationLog, Run, User
from netauto.db.queries import (
    _operations,
    last_success,
    newest_success,
    operation_filters,
    reading,
    run_row,
)
from netauto.db.rows import Device, OperationRow
from netauto.exceptions import UsageError

MAX_PAGE = 500
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last row's time and id; the next page starts below it."""

    at: datetime
    id: uuid.UUID

    def encode(self) -> str:
        """URL-safe: microseconds since the epoch (UTC), an underscore, the id's hex."""
        return f"{(self.at - _EPOCH) // timedelta(microseconds=1)}_{self.id.hex}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        micros, _, ident = text.partition("_")
        try:
            return cls(_EPOCH + timedelta(microseconds=int(micros)), uuid.UUID(hex=ident))
        except (ValueError, OverflowError):
            raise UsageError(f"bad page cursor {text!r}") from None


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    next: Cursor | None  # None on the last page

    def to_json(self) -> dict[str, Any]:
        """``{"items": [row, ...], "next": CURSOR}`` (``next`` is null on the last page)."""
        return {
            "items": [row.to_json() for row in self.rows],
            "next": self.next.encode() if self.next is not None else None,
        }


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE:
        raise UsageError(f"limit must be 1..{MAX_PAGE}, got {limit}")
    return limit


def _page(rows: list[Any], limit: int, at: str) -> Page:
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more else None
    return Page(rows, Cursor(getattr(last, at), last.id) if last is not None else None)


def operations(
    url: str,
    *,
    hosts: Sequence[str] = (),
    types: Sequence[str] = (),
    statuses: Sequence[str] = (),
    users: Sequence[str] = (),
    run: uuid.UUID | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    before: Cursor | None = None,
    limit: int = 50,
) -> Page:
    """A page of operations matching every given filter, newest first."""
    where = operation_filters(hosts, types, statuses, since, until)
    if users:
        where.append(User.username.in_(users))
    if run is not None:
        where.append(OperationLog.run_id == run)
    if before is not None:
        where.append(
            or_(
                OperationLog.created_at < before.at,
                and_(OperationLog.created_at == before.at, OperationLog.id < before.id),
            )
        )
    with reading(url) as session:
        statement = (
            _operations(session, *where)
            .order_by(OperationLog.created_at.desc(), OperationLog.id.desc())
            .limit(_limit(limit) + 1)
        )
        rows = [OperationRow(**row._asdict()) for row in session.execute(statement)]
    return _page(rows, limit, "created_at")


def runs(
    url: str,
    *,
    runbooks: Sequence[str] = (),
    statuses: Sequence[str] = (),
    before: Cursor | None = None,
    limit: int = 50,
) -> Page:
    """A page of runs, newest first."""
    where: list[ColumnElement[bool]] = []
    if runbooks:
        where.append(Run.runbook.in_(runbooks))
    if statuses:
        where.append(Run.status.in_(statuses))
    if before is not None:
        where.append(
            or_(
                Run.started_at < before.at,
                and_(Run.started_at == before.at, Run.id < before.id),
            )
        )
    with reading(url) as session:
        found = session.scalars(
            select(Run)
            .where(*where)
            .order_by(Run.started_at.desc(), Run.id.desc())
            .limit(_limit(limit) + 1)
        )
        rows = [run_row(run) for run in found]
    return _page(rows, limit, "started_at")


# In the order of Device's fields.
_DEVICE_COLUMNS = (
    NetworkDevice.name,
    NetworkDevice.ip_address,
    NetworkDevice.platform,
    NetworkDevice.model,
    NetworkDevice.status,
    NetworkDevice.uptime_seconds,
    NetworkDevice.last_seen,
    NetworkDevice.metadata_,
    NetworkDevice.config_backup,
    NetworkDevice.updated_at,
    NetworkDevice.id,
)


def _device(row: Any) -> Device:
    values = list(row)  # the columns in Device's field order (last_backup when asked for)
    values[7] = dict(values[7] or {})
    return Device(*values)


def _columns(configs: bool, backups: bool) -> list[Any]:
    columns: list[Any] = list(_DEVICE_COLUMNS)
    if not configs:
        columns[8] = null()
    if backups:
        columns.append(newest_success("config_backup"))
    return columns


def devices(
    url: str,
    *,
    configs: bool = False,
    backups: bool = False,
    statuses: Sequence[str] = (),
    after: str | None = None,
    limit: int | None = None,
) -> list[Device]:
    """Devices by name (all, or ``limit`` of them whose names sort after ``after``);
    ``configs`` also reads each one's last (masked) configuration, ``backups`` each one's
    last successful backup."""
    statement = (
        select(*_columns(configs, backups))
        .where(NetworkDevice.retired_at.is_(None))  # retired: history only, by name
        .order_by(NetworkDevice.name)
    )
    if statuses:
        statement = statement.where(NetworkDevice.status.in_(statuses))
    if after is not None:
        statement = statement.where(NetworkDevice.name > after)
    if limit is not None:
        statement = statement.limit(_limit(limit))
    with reading(url) as session:
        return [_device(row) for row in session.execute(statement)]


def device(url: str, name: str, *, backups: bool = False) -> Device:
    """One device by name; UsageError when there is none."""
    statement = select(*_columns(True, backups)).where(NetworkDevice.name == name)
    with reading(url) as session:
        row = session.execute(statement).first()
    if row is None:
        raise UsageError(f"no device named {name!r}")
    return _device(row)


def last_backups(url: str, names: Sequence[str] | None = None) -> dict[str, datetime]:
    """Each device's (or each named device's) last successful backup."""
    return last_success(url, "config_backup", names)


def latest_result(url: str, host: str, operation_type: str) -> tuple[datetime, Any] | None:
    """(when, stored result) of a host's newest successful operation of one type."""
    with reading(url) as session:
        row = session.execute(
            select(OperationLog.created_at, OperationLog.result)
            .where(
                OperationLog.host == host,
                OperationLog.operation_type == operation_type,
                OperationLog.status == "success",
            )
            .order_by(OperationLog.created_at.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    result = row[1].get("result") if isinstance(row[1], dict) else None
    return row[0], result


def known_values(url: str) -> dict[str, list[str]]:
    """Hosts, operation types and users for filter menus (small tables and a bounded scan)."""
    with reading(url) as session:
        hosts = list(session.scalars(select(NetworkDevice.name).order_by(NetworkDevice.name)))
        users = list(session.scalars(select(User.username).order_by(User.username)))
        recent = (
            select(OperationLog.operation_type)
            .order_by(OperationLog.created_at.desc())
            .limit(5000)
            .subquery()
        )
        types = sorted(set(session.scalars(select(recent.c.operation_type).distinct())))
    return {"hosts": hosts, "users": users, "types": types}
