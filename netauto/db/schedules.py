"""The schedules' rows: ``automation_tasks`` with their owner's name, and the runs of each.

:mod:`netauto.schedule.store` turns a row into a :class:`~netauto.schedule.store.Schedule`;
what is stored is validated and authorized before (:mod:`netauto.schedule.manage`). Rows
come out of closed sessions with their columns loaded (``expire_on_commit=False``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from netauto.clock import utcnow
from netauto.db.engine import session_scope
from netauto.db.models import AutomationTask, Run, User
from netauto.db.queries import run_row
from netauto.db.rows import RunRow

# A schedule's row and the username of who it runs as (None: no user).
TaskRow = tuple[AutomationTask, str | None]


def _query() -> Any:
    return select(AutomationTask, User.username).outerjoin(User, User.id == AutomationTask.user_id)


def by_name(url: str, name: str) -> TaskRow | None:
    with session_scope(url) as session:
        row = session.execute(_query().where(AutomationTask.name == name)).first()
        return None if row is None else (row[0], row[1])


def by_id(url: str, task_id: uuid.UUID) -> TaskRow | None:
    with session_scope(url) as session:
        row = session.execute(_query().where(AutomationTask.id == task_id)).first()
        return None if row is None else (row[0], row[1])


def names(url: str) -> list[str]:
    with session_scope(url) as session:
        return list(session.scalars(select(AutomationTask.name).order_by(AutomationTask.name)))


def all_tasks(url: str) -> list[TaskRow]:
    with session_scope(url) as session:
        rows = session.execute(_query().order_by(AutomationTask.name)).all()
        return [(task, owner) for task, owner in rows]


def due_tasks(url: str, now: datetime) -> list[TaskRow]:
    """Active schedules whose next run is at or before ``now``, the most overdue first."""
    with session_scope(url) as session:
        rows = session.execute(
            _query()
            .where(AutomationTask.is_active.is_(True), AutomationTask.next_run <= now)
            .order_by(AutomationTask.next_run)
        ).all()
        return [(task, owner) for task, owner in rows]


def insert_task(url: str, **values: Any) -> bool:
    """Insert a schedule; False when one of that name exists."""
    try:
        with session_scope(url) as session:
            session.add(AutomationTask(**values))
    except IntegrityError:
        return False
    return True


def update_task(url: str, name: str, **values: Any) -> None:
    """Set columns of the schedule ``name`` (``updated_at`` too)."""
    with session_scope(url) as session:
        session.execute(
            update(AutomationTask)
            .where(AutomationTask.name == name)
            .values(**values, updated_at=utcnow())
        )


def delete_task(url: str, task_id: uuid.UUID) -> None:
    """Delete a schedule; its runs stay in the log, unlinked (``runs.task_id`` NULL)."""
    with session_scope(url) as session:
        session.execute(update(Run).where(Run.task_id == task_id).values(task_id=None))
        session.execute(delete(AutomationTask).where(AutomationTask.id == task_id))


def task_runs(url: str, task_id: uuid.UUID, limit: int = 10) -> list[RunRow]:
    """The newest runs of a schedule, newest first."""
    with session_scope(url) as session:
        rows = session.scalars(
            select(Run).where(Run.task_id == task_id).order_by(Run.started_at.desc()).limit(limit)
        )
        return [run_row(run) for run in rows]
