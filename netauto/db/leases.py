"""Claiming a due schedule exactly once, and holding it while its run goes on.

Every change is one UPDATE whose WHERE clause checks what the caller read (compare and set):

- :func:`claim` moves ``next_run`` from the slot it saw to the next slot and takes the lease,
  only if ``next_run`` is still that slot and no live lease is held. Of several schedulers
  (PostgreSQL) that saw the same due slot, exactly one updates the row: the others' UPDATE
  finds ``next_run`` changed (PostgreSQL re-checks the WHERE clause after the row lock).
- :func:`advance` moves ``next_run`` past a slot whose previous fire still runs (a skip),
  also exactly once.
- A lease (``locked_by``, ``locked_until``) is renewed (:func:`renew`, by
  :class:`netauto.schedule.lease.Heartbeat`) while the run goes on; when its holder dies, it
  expires and the schedule fires again at its next slot.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Executable, or_, update

from netauto.clock import utcnow
from netauto.db.engine import get_engine
from netauto.db.models import AutomationTask

LEASE_SECONDS = 30.0

_T = AutomationTask


def _free(now: datetime) -> ColumnElement[bool]:
    return or_(_T.locked_until.is_(None), _T.locked_until <= now)


def _execute(url: str, statement: Executable) -> bool:
    with get_engine(url).begin() as connection:
        return bool(connection.execute(statement).rowcount)


def claim(
    url: str,
    task_id: uuid.UUID,
    slot: datetime,
    next_run: datetime,
    holder: str,
    now: datetime,
    ttl: float = LEASE_SECONDS,
) -> bool:
    """Take the due slot ``slot`` of a schedule: True for exactly one caller."""
    return _execute(
        url,
        update(_T)
        .where(_T.id == task_id, _T.is_active.is_(True), _T.next_run == slot, _free(now))
        .values(
            next_run=next_run,
            last_run=now,
            last_status="running",
            last_error=None,
            locked_by=holder,
            locked_until=now + timedelta(seconds=ttl),
        ),
    )


def advance(url: str, task_id: uuid.UUID, slot: datetime, next_run: datetime) -> bool:
    """Move past a slot without firing (its previous fire still runs): True once per slot."""
    return _execute(
        url, update(_T).where(_T.id == task_id, _T.next_run == slot).values(next_run=next_run)
    )


def take(
    url: str, task_id: uuid.UUID, holder: str, now: datetime, ttl: float = LEASE_SECONDS
) -> bool:
    """Take the lease for a run now (``netauto schedule run``); False while one runs."""
    return _execute(
        url,
        update(_T)
        .where(_T.id == task_id, _free(now))
        .values(
            last_run=now,
            last_status="running",
            last_error=None,
            locked_by=holder,
            locked_until=now + timedelta(seconds=ttl),
        ),
    )


def renew(url: str, task_id: uuid.UUID, holder: str, ttl: float = LEASE_SECONDS) -> bool:
    return _execute(
        url,
        update(_T)
        .where(_T.id == task_id, _T.locked_by == holder)
        .values(locked_until=utcnow() + timedelta(seconds=ttl)),
    )


def release(
    url: str,
    task_id: uuid.UUID,
    holder: str,
    *,
    status: str,
    run_id: uuid.UUID | None,
    error: str | None,
) -> None:
    """Record how the fire ended and drop the lease (if it is still ours)."""
    with get_engine(url).begin() as connection:
        connection.execute(
            update(_T)
            .where(_T.id == task_id)
            .values(last_status=status, last_run_id=run_id, last_error=error)
        )
        connection.execute(
            update(_T)
            .where(_T.id == task_id, _T.locked_by == holder)
            .values(locked_by=None, locked_until=None)
        )
