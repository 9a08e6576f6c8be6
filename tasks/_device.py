"""Keep ``network_devices`` current from inside a task (helper, not a task).

Only a Nornir object built by ``netauto.init_nornir`` knows the database; under a plain Nornir
the update is skipped. A database failure never fails the device operation: it is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from nornir.core.task import Task

from netauto.exceptions import DatabaseError

log = logging.getLogger(__name__)


def database_url(task: Task) -> str | None:
    settings = task.nornir.config.user_defined.get("netauto_settings")
    url = getattr(settings, "database_url", None)
    return url if isinstance(url, str) else None


def record_device(task: Task, **values: Any) -> None:
    """Set columns of this host's row in network_devices, if the run has a database.

    With the operations-log processor wired in, the update rides its writer thread (batched,
    spooled when the database is down); otherwise it is written at once.
    """
    url = database_url(task)
    if url is None:
        return
    from netauto.db.devices import update_device
    from netauto.oplog.records import DeviceRecord
    from netauto.plugins.oplog import OperationsLogProcessor

    for processor in task.nornir.processors:
        if isinstance(processor, OperationsLogProcessor):
            processor.writer.put(DeviceRecord(name=task.host.name, values=values))
            return

    try:
        update_device(url, task.host.name, **values)
    except DatabaseError as exc:
        log.warning("%s: device state not saved: %s", task.host.name, exc)
