"""The rows the read API hands out, each with its one JSON shape (``to_json()``).

The web API, the chat and MCP tools and the CLI's ``--json`` all call ``to_json()``, so one
operation, run, device, user, token or lock reads the same everywhere (docs/api.md lists the
shapes). Times are ISO 8601 (UTC), ids full UUID strings. Nothing secret ever leaves: no
password or token hash is read into these rows, a lock's release token and a device's stored
configuration are never in the JSON, a secret setting is ``<set>``.

Plain dataclasses, no SQLAlchemy: the command line imports this on its light path.

One module per row kind, every row importable from here (the documented path):
:mod:`~netauto.db.rows.operations` (operations, runs, run requests),
:mod:`~netauto.db.rows.fleet` (devices, registry entries), :mod:`~netauto.db.rows.accounts`
(users, API tokens), :mod:`~netauto.db.rows.admin` (locks, settings) and
:mod:`~netauto.db.rows.compliance`, on :mod:`~netauto.db.rows.values` (:func:`jsonable`).
"""

from __future__ import annotations

from netauto.db.rows.accounts import TokenInfo, UserInfo
from netauto.db.rows.admin import LockInfo, SettingRow
from netauto.db.rows.compliance import ComplianceDay, ComplianceRow
from netauto.db.rows.fleet import Device, RegistryEntry
from netauto.db.rows.operations import OperationRow, RunDetail, RunRequestRow, RunRow
from netauto.db.rows.values import jsonable

__all__ = [
    "ComplianceDay",
    "ComplianceRow",
    "Device",
    "LockInfo",
    "OperationRow",
    "RegistryEntry",
    "RunDetail",
    "RunRequestRow",
    "RunRow",
    "SettingRow",
    "TokenInfo",
    "UserInfo",
    "jsonable",
]
