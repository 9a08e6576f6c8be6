"""Keep ``network_devices`` current from inside a task (helper, not a task).

The run's store (:class:`netauto.context.RunStore`, the engine's side) keeps it; under a plain
Nornir, which has none, the update is skipped. A database failure never fails the device
operation: it is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from nornir.core.task import Task

from netauto.context import store_of
from netauto.exceptions import DatabaseError

log = logging.getLogger(__name__)


def record_device(task: Task, **values: Any) -> None:
    """Set columns of this host's row in network_devices, if the run keeps them.

    With the operations-log writer running, the update rides its thread (batched, spooled
    when the database is down); otherwise it is written at once.
    """
    store = store_of(task)
    if store is None:
        return
    try:
        store.device_state(task.host.name, values)
    except DatabaseError as exc:
        log.warning("%s: device state not saved: %s", task.host.name, exc)
