"""The run requests of the web, the API and chat (``run_requests``): stored, claimed, followed.

Every change of state is one UPDATE whose WHERE clause checks the state it moves from, so a
request is claimed by exactly one runner, cancelled once, and a dry run's diffs are used by
at most one commit (:func:`take_diffs`).
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, null, select, update

from netauto.clock import utcnow
from netauto.db.engine import get_engine
from netauto.db.models import RunRequest
from netauto.db.rows import RunRequestRow

_R = RunRequest
ACTIVE = ("queued", "running")


def _row(found: RunRequest) -> RunRequestRow:
    return RunRequestRow(
        id=found.id,
        runbook=found.runbook,
        user=found.username,
        target=dict(found.target or {}),
        state=found.state,
        cancel=bool(found.cancel),
        started_at=found.created_at,
        finished_at=found.finished_at,
        done=found.done,
        total=found.total,
        failed=found.failed,
        run_id=found.run_id,
        summary=found.summary,
        error=found.error,
        counts=dict(found.counts or {}),
        options=dict(found.arguments or {}),
        would_change=list(found.would_change) if found.would_change is not None else None,
        holder=found.holder,
    )


def _one(url: str, ident: uuid.UUID) -> RunRequestRow | None:
    from sqlalchemy.orm import Session

    with Session(get_engine(url)) as session:
        found = session.get(_R, ident)
        return _row(found) if found is not None else None


def _update(url: str, ident: uuid.UUID, *where: Any, **values: Any) -> bool:
    statement = update(_R).where(_R.id == ident, *where).values(updated_at=utcnow(), **values)
    with get_engine(url).begin() as connection:
        return bool(connection.execute(statement).rowcount)


def parse_id(ident: str) -> uuid.UUID | None:
    """The request id of ``ident`` (hex or UUID text), None when it is no id at all."""
    try:
        return uuid.UUID(ident)
    except (ValueError, AttributeError, TypeError):
        return None


def holder_name() -> str:
    """This process, as a request's ``holder``: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(
    url: str,
    *,
    runbook: str,
    username: str,
    target: Mapping[str, Any],
    options: Mapping[str, Any],
    arguments: Mapping[str, Any],
    preview: uuid.UUID | None = None,
) -> RunRequestRow:
    ident, now = uuid.uuid4(), utcnow()
    values = {
        "id": ident,
        "runbook": runbook,
        "username": username,
        "target": dict(target),
        "options": dict(options),
        "arguments": dict(arguments),
        "preview": preview,
        "state": "queued",
        "cancel": False,
        "created_at": now,
        "updated_at": now,
        "done": 0,
        "total": 0,
        "failed": 0,
    }
    with get_engine(url).begin() as connection:
        connection.execute(insert(_R).values(**values))
    found = _one(url, ident)
    assert found is not None
    return found


def get(url: str, ident: uuid.UUID) -> RunRequestRow | None:
    return _one(url, ident)


def stored(url: str, ident: uuid.UUID) -> tuple[dict[str, Any], uuid.UUID | None] | None:
    """What a runner needs beyond the row: the options the client sent, the dry run."""
    with get_engine(url).connect() as connection:
        found = connection.execute(select(_R.options, _R.preview).where(_R.id == ident)).first()
    return (dict(found[0] or {}), found[1]) if found is not None else None


def recent(url: str, limit: int = 50) -> list[RunRequestRow]:
    from sqlalchemy.orm import Session

    with Session(get_engine(url)) as session:
        found = session.scalars(select(_R).order_by(_R.created_at.desc()).limit(limit))
        return [_row(each) for each in found]


def changed_since(url: str, since: datetime) -> list[RunRequestRow]:
    from sqlalchemy.orm import Session

    with Session(get_engine(url)) as session:
        found = session.scalars(select(_R).where(_R.updated_at >= since).order_by(_R.updated_at))
        return [_row(each) for each in found]


def active_count(url: str) -> int:
    with get_engine(url).connect() as connection:
        count = connection.execute(select(func.count()).where(_R.state.in_(ACTIVE))).scalar()
    return int(count or 0)


def queued(url: str, before: datetime | None = None) -> list[uuid.UUID]:
    """The queued requests, oldest first (only those queued before ``before``, if given)."""
    statement = select(_R.id).where(_R.state == "queued").order_by(_R.created_at)
    if before is not None:
        statement = statement.where(_R.created_at < before)
    with get_engine(url).connect() as connection:
        return [row[0] for row in connection.execute(statement)]


def claim(url: str, ident: uuid.UUID, holder: str) -> bool:
    """Take a queued request for this runner: True for exactly one caller."""
    now = utcnow()
    return _update(
        url,
        ident,
        _R.state == "queued",
        _R.cancel.is_(False),
        state="running",
        holder=holder,
        started_at=now,
    )


def progress(url: str, ident: uuid.UUID, *, done: int, total: int, failed: int) -> None:
    _update(url, ident, done=done, total=total, failed=failed)


def finish(
    url: str,
    ident: uuid.UUID,
    *,
    state: str,
    run_id: uuid.UUID | None = None,
    summary: str | None = None,
    counts: Mapping[str, int] | None = None,
    error: str | None = None,
    would_change: list[str] | None = None,
    diffs: Mapping[str, str] | None = None,
) -> None:
    _update(
        url,
        ident,
        _R.state == "running",
        state=state,
        finished_at=utcnow(),
        run_id=run_id,
        summary=summary,
        counts=dict(counts or {}),
        error=error,
        would_change=would_change if would_change is not None else null(),
        diffs=dict(diffs) if diffs is not None else null(),
    )


def cancel(url: str, ident: uuid.UUID) -> RunRequestRow | None:
    """Ask a request to stop: a queued one is cancelled now, a running one's runner stops."""
    now = utcnow()
    if not _update(
        url,
        ident,
        _R.state == "queued",
        state="cancelled",
        cancel=True,
        finished_at=now,
        error="cancelled before it started",
    ):
        _update(url, ident, _R.state == "running", cancel=True)
    return _one(url, ident)


def cancel_asked(url: str, ident: uuid.UUID) -> bool:
    with get_engine(url).connect() as connection:
        found = connection.execute(select(_R.cancel).where(_R.id == ident)).scalar()
    return bool(found)


def take_diffs(url: str, ident: uuid.UUID) -> dict[str, str] | None:
    """A finished dry run's diffs, used up (one commit per dry run); None when gone."""
    with get_engine(url).connect() as connection:
        found = connection.execute(
            select(_R.diffs).where(_R.id == ident, _R.diffs.is_not(None))
        ).scalar()
    if found is None or not _update(url, ident, _R.diffs.is_not(None), diffs=null()):
        return None
    return {str(host): str(diff) for host, diff in dict(found).items()}


def has_diffs(url: str, ident: uuid.UUID) -> bool:
    with get_engine(url).connect() as connection:
        found = connection.execute(
            select(_R.id).where(_R.id == ident, _R.diffs.is_not(None))
        ).first()
    return found is not None


def settle_gone(url: str, alive: Any) -> int:
    """Close as failed the running requests of this host whose runner process is gone
    (``alive(pid)`` False); returns how many."""
    host = socket.gethostname()
    with get_engine(url).connect() as connection:
        found = connection.execute(
            select(_R.id, _R.holder).where(_R.state == "running", _R.holder.like(f"{host}:%"))
        ).all()
    closed = 0
    for ident, holder in found:
        pid = (holder or "").rpartition(":")[2]
        if pid.isdigit() and not alive(int(pid)):
            closed += _update(
                url,
                ident,
                _R.state == "running",
                _R.holder == holder,
                state="failed",
                finished_at=utcnow(),
                error="the runner process is gone (killed?)",
            )
    return closed
