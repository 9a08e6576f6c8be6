"""SQLAlchemy 2.0 models of the operations log: the PRD's six tables plus ``runs``.

Column names, defaults, CHECK constraints and indexes follow the PRD (section 2). netauto adds
``users.username`` (operators are identified by login), a unique ``network_devices.name``
(devices are upserted by name from the inventory), ``operations_log.run_id/host/changed/
diff/finished_at`` and the ``runs`` table.

One module per domain, every model importable from here (the documented path):
:mod:`~netauto.db.models.accounts` (users, API tokens), :mod:`~netauto.db.models.fleet`
(devices, groups, credential sets), :mod:`~netauto.db.models.operations` (runs, the
operations log, run requests), :mod:`~netauto.db.models.schedules`,
:mod:`~netauto.db.models.conversations`, :mod:`~netauto.db.models.settings` and
:mod:`~netauto.db.models.metrics` (poll samples and rollups), on :mod:`~netauto.db.models.base`.
"""

from __future__ import annotations

from netauto.db.models.accounts import USER_ROLES, ApiToken, User
from netauto.db.models.base import Base
from netauto.db.models.conversations import MESSAGE_ROLES, AIConversation
from netauto.db.models.fleet import DEVICE_STATUSES, CredentialSet, DeviceGroup, NetworkDevice
from netauto.db.models.metrics import DeviceRollup, DeviceSample, SampleId
from netauto.db.models.operations import (
    OPERATION_STATUSES,
    REQUEST_STATES,
    RUN_STATUSES,
    OperationLog,
    Run,
    RunRequest,
)
from netauto.db.models.schedules import AutomationTask
from netauto.db.models.settings import SystemConfig

__all__ = [
    "DEVICE_STATUSES",
    "MESSAGE_ROLES",
    "OPERATION_STATUSES",
    "REQUEST_STATES",
    "RUN_STATUSES",
    "USER_ROLES",
    "AIConversation",
    "ApiToken",
    "AutomationTask",
    "Base",
    "CredentialSet",
    "DeviceGroup",
    "DeviceRollup",
    "DeviceSample",
    "NetworkDevice",
    "OperationLog",
    "Run",
    "RunRequest",
    "SampleId",
    "SystemConfig",
    "User",
]
