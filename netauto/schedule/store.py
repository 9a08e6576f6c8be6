"""The schedules: ``automation_tasks`` rows (read and written by :mod:`netauto.db.schedules`)
as :class:`Schedule`, and their runs.

A schedule's ``task_type`` is its runbook; ``config`` holds ``selection`` (hosts, groups,
filters) and ``options`` (the runbook's keyword arguments). Nothing here checks what it
stores: :mod:`netauto.schedule.manage` validates and authorizes first.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

from netauto.clock import utcnow
from netauto.db import schedules as rows
from netauto.db.models import AutomationTask
from netauto.db.rows import RunRow, jsonable
from netauto.engine.options import Selection
from netauto.exceptions import UsageError
from netauto.schedule.timing import Timing


@dataclass(frozen=True)
class Schedule:
    """One schedule as the commands and the scheduler see it."""

    id: uuid.UUID
    name: str
    runbook: str
    selection: Selection
    options: dict[str, Any]
    timing: Timing
    active: bool
    description: str | None = None
    user_id: uuid.UUID | None = None
    owner: str | None = None  # the username it runs as: who added or last edited it
    next_run: datetime | None = None
    last_run: datetime | None = None
    last_status: str | None = None
    last_error: str | None = None
    last_run_id: uuid.UUID | None = None
    locked_by: str | None = None
    locked_until: datetime | None = None
    created_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self.locked_until is not None and self.locked_until > utcnow()

    def to_json(self) -> dict[str, Any]:
        """The schedule's JSON shape (the web API, ``schedule list --json``)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["selection"] = self.selection.to_dict()
        data["timing"] = {**asdict(self.timing), "text": self.timing.describe()}
        data["running"] = self.running
        return {key: jsonable(value) for key, value in data.items()}

    to_dict = to_json  # its earlier name


# A fire of a schedule is a run (a ``runs`` row linked by ``task_id``).
FireRun = RunRow


def _view(task: AutomationTask, owner: str | None) -> Schedule:
    config = task.config or {}
    chosen = config.get("selection") or {}
    return Schedule(
        id=task.id,
        name=task.name,
        runbook=task.task_type,
        selection=Selection(
            hosts=tuple(chosen.get("hosts") or ()),
            groups=tuple(chosen.get("groups") or ()),
            filters=dict(chosen.get("filters") or {}),
        ),
        options=dict(config.get("options") or {}),
        timing=Timing(task.schedule_cron, task.interval_seconds, task.timezone),
        active=task.is_active,
        description=task.description,
        user_id=task.user_id,
        owner=owner,
        next_run=task.next_run,
        last_run=task.last_run,
        last_status=task.last_status,
        last_error=task.last_error,
        last_run_id=task.last_run_id,
        locked_by=task.locked_by,
        locked_until=task.locked_until,
        created_at=task.created_at,
    )


def config_of(selection: Selection, options: Mapping[str, Any]) -> dict[str, Any]:
    return {"selection": selection.to_dict(), "options": dict(options)}


def get(url: str, name: str) -> Schedule:
    """The schedule called ``name``; a UsageError naming the known ones when there is none."""
    found = rows.by_name(url, name)
    if found is None:
        known = ", ".join(rows.names(url)) or "none yet (netauto schedule add)"
        raise UsageError(f"no schedule named {name!r}; schedules: {known}")
    return _view(*found)


def get_by_id(url: str, task_id: uuid.UUID) -> Schedule | None:
    found = rows.by_id(url, task_id)
    return None if found is None else _view(*found)


def all_schedules(url: str) -> list[Schedule]:
    return [_view(task, owner) for task, owner in rows.all_tasks(url)]


def insert(
    url: str,
    *,
    name: str,
    runbook: str,
    selection: Selection,
    options: Mapping[str, Any],
    timing: Timing,
    description: str | None,
    user_id: uuid.UUID | None,
    next_run: datetime,
) -> Schedule:
    added = rows.insert_task(
        url,
        name=name,
        task_type=runbook,
        config=config_of(selection, options),
        schedule_cron=timing.cron,
        interval_seconds=timing.every,
        timezone=timing.timezone,
        description=description,
        user_id=user_id,
        is_active=True,
        next_run=next_run,
    )
    if not added:
        raise UsageError(f"a schedule named {name!r} exists (netauto schedule edit {name} ...)")
    return get(url, name)


def change(url: str, name: str, **values: Any) -> Schedule:
    """Set columns of the schedule ``name`` (``updated_at`` too)."""
    get(url, name)
    rows.update_task(url, name, **values)
    return get(url, name)


def remove(url: str, name: str) -> Schedule:
    """Delete the schedule; its runs stay in the log, unlinked (``runs.task_id`` NULL)."""
    found = get(url, name)
    rows.delete_task(url, found.id)
    return found


def runs_of(url: str, task_id: uuid.UUID, limit: int = 10) -> list[RunRow]:
    """The newest runs of a schedule, newest first."""
    return rows.task_runs(url, task_id, limit)


def due(url: str, now: datetime) -> list[Schedule]:
    """Active schedules whose next run is at or before ``now``, the most overdue first."""
    return [_view(task, owner) for task, owner in rows.due_tasks(url, now)]
