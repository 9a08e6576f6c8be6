"""Keep ``network_devices`` current from inside a task (helper, not a task).

Only a Nornir object built by ``netauto.init_nornir`` knows the database; under a plain Nornir
the update is skipped. A database failure never fails the device operation: it is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from nornir.core.task import Task

from netauto.context import context_of
from netauto.exceptions import DatabaseError

log = logging.getLogger(__name__)


def database_url(task: Task) -> str | None:
    context = context_of(task)
    return context.database_url if context is not None else None


def record_device(task: Task, **values: Any) -> None:
    """Set columns of this host's row in network_devices, if the run has a database.

    With the operations-log writer running, the update rides its thread (batched, spooled
    when the database is down); otherwise it is written at once.
    """
    context = context_of(task)
    if context is None:
        return
    from netauto.oplog.records import DeviceRecord

    if context.record(DeviceRecord(name=task.host.name, values=values)):
        return
    from netauto.db.devices import update_device

    try:
        update_device(context.database_url, task.host.name, **values)
    except DatabaseError as exc:
        log.warning("%s: device state not saved: %s", task.host.name, exc)
