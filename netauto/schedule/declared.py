"""Schedules a project declares in config.yaml (``user_defined.netauto.schedules``).

A new project's skeleton declares one: ``poll`` every 5 minutes over the ``routers`` group.
The scheduler adds each declared schedule that the database does not hold yet when it starts,
so a fresh project polls its fleet without a ``schedule add``. One that exists is left as it
is (edited or paused in the database, it stays so); to stop a declared one for good, remove
it from config.yaml and ``netauto schedule remove`` it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from netauto.engine.options import Selection
from netauto.exceptions import ConfigError, NetautoError
from netauto.schedule import manage, store
from netauto.schedule.timing import Timing

if TYPE_CHECKING:
    from netauto.project import Project

log = logging.getLogger("netauto.scheduler")
KEY = "schedules"


def declared(project: Project) -> list[Mapping[str, Any]]:
    found = project.settings.raw.get(KEY) or []
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise ConfigError("must be a list of schedules", key=f"user_defined.netauto.{KEY}")
    return found


def add_declared(project: Project) -> list[str]:
    """Add the declared schedules missing from the database; returns their names.

    A declared schedule that cannot be added (unknown runbook, bad timing) is logged and
    skipped: the others, and the scheduler, go on.
    """
    existing = {schedule.name for schedule in store.all_schedules(project.url)}
    added = []
    for item in declared(project):
        name = str(item.get("name") or "")
        if not name or name in existing:
            continue
        try:
            every = item.get("every")
            timing = Timing.parse(
                item.get("cron"), None if every is None else str(every), item.get("timezone")
            )
            manage.add(
                project,
                name,
                runbook_name=str(item.get("runbook") or name),
                selection=Selection(
                    hosts=list(item.get("hosts") or []), groups=list(item.get("groups") or [])
                ),
                tokens=[str(token) for token in item.get("options") or []],
                timing=timing,
                description=item.get("description"),
            )
        except NetautoError as error:
            log.warning("declared schedule %s not added: %s", name, error)
            continue
        added.append(name)
        log.info("declared schedule %s added", name)
    return added
