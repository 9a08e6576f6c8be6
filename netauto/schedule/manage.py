"""What the ``netauto schedule`` commands do, checked and authorized, as library calls.

Everything is checked when a schedule is added or edited, not when it fires: the runbook
exists, its options are its own (names, types, required ones: its declaration), the runbook's
own checks pass (a template that exists, known getters, ``revert_in`` with ``commit``...),
the selection matches hosts of the inventory, the cron expression and timezone are valid.

Each function takes the open :class:`~netauto.project.Project` and acts as its operator
(``user``: another one); the Project's ``schedules`` part calls them.

Roles (with ``auth.enforce``): a schedule that commits changes (a change runbook with
``commit``) may be added, edited, enabled, disabled or removed only by an operator; one of a
runbook that declares a higher permission only by a user who has it; others by any known
user. A schedule runs as the user who added or last edited it; ``run`` (fire now)
needs the operator role and runs as its caller.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from netauto.clock import utcnow
from netauto.engine.options import Selection
from netauto.exceptions import ScheduleBusy, UsageError
from netauto.schedule import lease, store
from netauto.schedule.fire import Fired, fire
from netauto.schedule.runbooks import check_options, declaration, needed, parse_options
from netauto.schedule.store import Schedule
from netauto.schedule.timing import Timing

if TYPE_CHECKING:
    from netauto.project import Project

if TYPE_CHECKING:
    from netauto.auth import Permission

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def _project(project: Project, user: str | None) -> Project:
    """The project acting as ``user`` (default: the project's operator)."""
    return project.acting_as(user) if user else project


def check(
    project: Project, runbook_name: str, selection: Selection, options: Mapping[str, Any]
) -> None:
    """Refuse what would fail at fire time: options, the runbook's own checks, the hosts."""
    from netauto.engine.precheck import check_run

    arguments = check_options(runbook_name, options)
    check_run(
        declaration(runbook_name), selection, arguments, project.settings, user=project.operator
    )


def _user_id(project: Project, permission: Permission) -> uuid.UUID:
    """Who the schedule runs as, once allowed to manage it (created on first sight)."""
    from netauto.db.users import user_id

    found = project.authorize(permission)
    if found is not None:
        return found.id
    return user_id(project.url, project.operator)


def _allowed(project: Project, schedule: Schedule) -> None:
    project.authorize(needed(schedule.runbook, schedule.options))


def add(
    project: Project,
    name: str,
    *,
    runbook_name: str,
    selection: Selection,
    tokens: Sequence[str],
    timing: Timing,
    description: str | None,
    user: str | None = None,
) -> Schedule:
    """Add a schedule; its first run is the first slot from now."""
    if not _NAME.fullmatch(name):
        raise UsageError(f"schedule name {name!r}: letters, digits, '.', '_', '-' (max 200)")
    project = _project(project, user)
    options = parse_options(runbook_name, tokens)
    check(project, runbook_name, selection, options)
    user_id = _user_id(project, needed(runbook_name, options))
    return store.insert(
        project.url,
        name=name,
        runbook=runbook_name,
        selection=selection,
        options=options,
        timing=timing,
        description=description,
        user_id=user_id,
        next_run=timing.next_after(utcnow()),
    )


def edit(
    project: Project,
    name: str,
    *,
    runbook_name: str | None = None,
    selection: Selection | None = None,
    tokens: Sequence[str] = (),
    timing: Timing | None = None,
    description: str | None = None,
    user: str | None = None,
) -> Schedule:
    """Change what is given; runbook options are merged (all replaced with a new runbook)."""
    project = _project(project, user)
    url = project.url
    current = store.get(url, name)
    _allowed(project, current)
    chosen = runbook_name or current.runbook
    base = current.options if chosen == current.runbook else {}
    options = {**base, **parse_options(chosen, tokens)}
    selection = selection or current.selection
    check(project, chosen, selection, options)
    values: dict[str, Any] = {
        "task_type": chosen,
        "config": store.config_of(selection, options),
        "user_id": _user_id(project, needed(chosen, options)),
    }
    if description is not None:
        values["description"] = description
    if timing is not None and timing != current.timing:
        values.update(
            schedule_cron=timing.cron,
            interval_seconds=timing.every,
            timezone=timing.timezone,
            next_run=timing.next_after(utcnow()),
        )
    return store.change(url, name, **values)


def set_active(project: Project, name: str, active: bool, *, user: str | None = None) -> Schedule:
    """Enable (the next run is the first slot from now, missed ones are not run) or disable."""
    project = _project(project, user)
    current = store.get(project.url, name)
    _allowed(project, current)
    values: dict[str, Any] = {"is_active": active}
    if active and not current.active:
        values["next_run"] = current.timing.next_after(utcnow())
    return store.change(project.url, name, **values)


def remove(project: Project, name: str, *, user: str | None = None) -> Schedule:
    project = _project(project, user)
    current = store.get(project.url, name)
    _allowed(project, current)
    return store.remove(project.url, name)


def run_now(project: Project, name: str, *, user: str | None = None) -> Fired:
    """Fire the schedule once now, as the caller (an operator), whatever its timing."""
    from netauto.auth import Permission
    from netauto.schedule.scheduler import holder_name

    project = _project(project, user)
    url = project.url
    project.authorize(Permission.CHANGE)
    schedule = store.get(url, name)
    holder = holder_name(":run")
    if not lease.take(url, schedule.id, holder, utcnow()):
        raise ScheduleBusy(
            f"schedule {name} is running (held by {schedule.locked_by}); not started"
        )
    with lease.Heartbeat(url, schedule.id, holder):
        return fire(project, schedule, user=project.operator, holder=holder)
