"""What the ``netauto schedule`` commands do, checked and authorized, as library calls.

Everything is checked when a schedule is added or edited, not when it fires: the runbook
exists, its options are its own (names, types, required ones: its declaration), the runbook's
own checks pass (a template that exists, known getters, ``revert_in`` with ``commit``...),
the selection matches hosts of the inventory, the cron expression and timezone are valid.

Roles (with ``auth.enforce``): a schedule that commits changes (a change runbook with
``commit``) may be added, edited, enabled, disabled or removed only by an operator; one of a
runbook that declares a higher permission only by a user who has it; others by any known
user. A schedule runs as the user who added or last edited it; ``run`` (fire now)
needs the operator role and runs as its caller.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from netauto.clock import utcnow
from netauto.engine.session import Selection
from netauto.exceptions import ScheduleBusy, UsageError
from netauto.schedule import lease, store
from netauto.schedule.fire import Fired, fire
from netauto.schedule.runbooks import check_options, declaration, needed, parse_options
from netauto.schedule.store import Schedule
from netauto.schedule.timing import Timing
from netauto.settings import Settings, load_settings

if TYPE_CHECKING:
    from netauto.auth import Permission

Config = str | os.PathLike[str] | None
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def _settings(config: Config) -> Settings:
    from netauto.db.migrate import ensure_schema

    settings = load_settings(config)
    ensure_schema(settings.database_url)
    return settings


def check(
    settings: Settings, runbook_name: str, selection: Selection, options: Mapping[str, Any]
) -> None:
    """Refuse what would fail at fire time: options, the runbook's own checks, the hosts."""
    from netauto.engine.precheck import check_run

    arguments = check_options(runbook_name, options)
    check_run(declaration(runbook_name), selection, arguments, config=settings.config_file)


def _user_id(settings: Settings, username: str, permission: Permission) -> uuid.UUID:
    """Who the schedule runs as, once allowed to manage it (created on first sight)."""
    from netauto.auth import authorize
    from netauto.db.engine import get_engine
    from netauto.db.users import ensure_user

    found = authorize(settings, username, permission)
    if found is not None:
        return found.id
    with get_engine(settings.database_url).begin() as connection:
        return ensure_user(connection, username)


def _allowed(settings: Settings, schedule: Schedule, username: str) -> None:
    from netauto.auth import authorize

    authorize(settings, username, needed(schedule.runbook, schedule.options))


def add(
    config: Config,
    name: str,
    *,
    runbook_name: str,
    selection: Selection,
    tokens: Sequence[str],
    timing: Timing,
    description: str | None,
    user: str | None,
) -> Schedule:
    """Add a schedule; its first run is the first slot from now."""
    from netauto.identity import current_username

    if not _NAME.fullmatch(name):
        raise UsageError(f"schedule name {name!r}: letters, digits, '.', '_', '-' (max 200)")
    settings = _settings(config)
    options = parse_options(runbook_name, tokens)
    check(settings, runbook_name, selection, options)
    username = current_username(user)
    user_id = _user_id(settings, username, needed(runbook_name, options))
    return store.insert(
        settings.database_url,
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
    config: Config,
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
    from netauto.identity import current_username

    settings = _settings(config)
    url = settings.database_url
    current = store.get(url, name)
    username = current_username(user)
    _allowed(settings, current, username)
    chosen = runbook_name or current.runbook
    base = current.options if chosen == current.runbook else {}
    options = {**base, **parse_options(chosen, tokens)}
    selection = selection or current.selection
    check(settings, chosen, selection, options)
    values: dict[str, Any] = {
        "task_type": chosen,
        "config": store.config_of(selection, options),
        "user_id": _user_id(settings, username, needed(chosen, options)),
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


def set_active(config: Config, name: str, active: bool, *, user: str | None = None) -> Schedule:
    """Enable (the next run is the first slot from now, missed ones are not run) or disable."""
    from netauto.identity import current_username

    settings = _settings(config)
    current = store.get(settings.database_url, name)
    _allowed(settings, current, current_username(user))
    values: dict[str, Any] = {"is_active": active}
    if active and not current.active:
        values["next_run"] = current.timing.next_after(utcnow())
    return store.change(settings.database_url, name, **values)


def remove(config: Config, name: str, *, user: str | None = None) -> Schedule:
    from netauto.identity import current_username

    settings = _settings(config)
    current = store.get(settings.database_url, name)
    _allowed(settings, current, current_username(user))
    return store.remove(settings.database_url, name)


def run_now(config: Config, name: str, *, user: str | None = None) -> Fired:
    """Fire the schedule once now, as the caller (an operator), whatever its timing."""
    from netauto.auth import Permission, authorize
    from netauto.identity import current_username
    from netauto.schedule.scheduler import holder_name

    settings = _settings(config)
    url = settings.database_url
    username = current_username(user)
    authorize(settings, username, Permission.CHANGE)
    schedule = store.get(url, name)
    holder = holder_name(":run")
    if not lease.take(url, schedule.id, holder, utcnow()):
        raise ScheduleBusy(
            f"schedule {name} is running (held by {schedule.locked_by}); not started"
        )
    with lease.Heartbeat(url, schedule.id, holder):
        return fire(settings, schedule, user=username, holder=holder)
