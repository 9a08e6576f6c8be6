"""Runs the scheduler writes itself: fires that were skipped, refused or failed to start.

A fire that starts is recorded by the runbook like any run (``runs`` row linked by
``task_id``, one operations_log row per host). A fire that does not get that far is still a
``runs`` row linked to its schedule, so ``netauto schedule show`` and ``netauto ops`` tell
every fire: status ``skipped`` (its previous fire still ran) or ``failed``; the one-line
reason is in ``arguments.reason`` and, for a failure, in an operations_log row
(``operation_type`` ``schedule_fire``, ``error_message``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from netauto.clock import utcnow
from netauto.db.engine import get_engine
from netauto.db.models import OperationLog, Run
from netauto.db.upserts import UNFINISHED
from netauto.db.users import ensure_user

if TYPE_CHECKING:
    from netauto.schedule.store import Schedule


def arguments_of(schedule: Schedule, reason: str) -> dict[str, Any]:
    return {
        **schedule.selection.to_dict(),
        **schedule.options,
        "schedule": schedule.name,
        "reason": reason,
    }


def fire_run(
    url: str, schedule: Schedule, *, status: str, reason: str, username: str | None
) -> uuid.UUID:
    """A finished run of ``schedule`` with no host: ``skipped`` or ``failed``, and why."""
    run_id = uuid.uuid4()
    now = utcnow()
    with get_engine(url).begin() as connection:
        user_id = ensure_user(connection, username) if username else None
        connection.execute(
            insert(Run).values(
                id=run_id,
                runbook=schedule.runbook,
                user_id=user_id,
                username=username,
                arguments=arguments_of(schedule, reason),
                started_at=now,
                finished_at=now,
                hosts_total=0,
                hosts_ok=0,
                hosts_failed=0,
                hosts_changed=0,
                status=status,
                task_id=schedule.id,
            )
        )
        if status == "failed":
            connection.execute(
                insert(OperationLog).values(
                    id=uuid.uuid4(),
                    user_id=user_id,
                    run_id=run_id,
                    operation_type="schedule_fire",
                    status="failed",
                    command=f"schedule {schedule.name}: {schedule.runbook}",
                    result={"schedule": schedule.name, "reason": reason},
                    error_message=reason,
                    changed=False,
                    created_at=now,
                    updated_at=now,
                    finished_at=now,
                )
            )
    return run_id


def started_run(url: str, task_id: uuid.UUID, since: datetime) -> uuid.UUID | None:
    """The run a fire opened, if it got that far (the newest since ``since``)."""
    with get_engine(url).connect() as connection:
        return connection.execute(
            select(Run.id)
            .where(Run.task_id == task_id, Run.started_at >= since)
            .order_by(Run.started_at.desc())
            .limit(1)
        ).scalar()


def fail_run(url: str, run_id: uuid.UUID, reason: str) -> None:
    """Mark a started run failed: the runbook raised, or the scheduler stopped without it."""
    with get_engine(url).begin() as connection:
        connection.execute(
            update(Run)
            .where(Run.id == run_id)
            .values(status="failed", finished_at=utcnow(), error_message=reason)
        )
        # Its hosts' rows still running can never finish now (the process is leaving).
        connection.execute(
            update(OperationLog)
            .where(OperationLog.run_id == run_id, OperationLog.status.in_(UNFINISHED))
            .values(
                status="failed", error_message=reason, finished_at=utcnow(), updated_at=utcnow()
            )
        )
        connection.execute(
            insert(OperationLog).values(
                id=uuid.uuid4(),
                run_id=run_id,
                operation_type="schedule_fire",
                status="failed",
                error_message=reason,
                result={"reason": reason},
                changed=False,
                created_at=utcnow(),
                updated_at=utcnow(),
                finished_at=utcnow(),
            )
        )
