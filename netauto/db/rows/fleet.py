"""The fleet's rows: a device as the operations log keeps it, a router of the registry.

Neither carries a secret: a device's stored configuration is never in its JSON, a registry
entry names its credential set only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from netauto.db.rows.values import id_text, iso, jsonable


@dataclass(frozen=True)
class Device:
    """One row of network_devices, with its last successful backup when it was asked for."""

    name: str
    ip_address: str
    platform: str | None
    model: str
    status: str
    uptime_seconds: int
    last_seen: datetime | None
    metadata: dict[str, Any]
    config_backup: str | None  # secrets masked when it was stored; never in the JSON
    updated_at: datetime | None
    id: uuid.UUID | None = None
    last_backup: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """``address`` repeats ``ip_address`` (the name the command line always printed)."""
        return {
            "id": id_text(self.id),
            "name": self.name,
            "ip_address": self.ip_address,
            "address": self.ip_address,
            "platform": self.platform,
            "model": self.model,
            "status": self.status,
            "uptime_seconds": self.uptime_seconds,
            "last_seen": iso(self.last_seen),
            "metadata": jsonable(self.metadata),
            "updated_at": iso(self.updated_at),
            "last_backup": iso(self.last_backup),
        }


@dataclass(frozen=True)
class RegistryEntry:
    """A router of the registry as an operator edits it: where it is, what it belongs to,
    what onboarding learnt. ``credential_set`` is a name; credentials are never in it."""

    name: str
    address: str
    port: int | None = None
    platform: str | None = None
    groups: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    credential_set: str | None = None
    model: str = "unknown"
    serial: str | None = None
    os_version: str | None = None
    status: str = "unknown"
    source: str | None = None
    retired_at: datetime | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def spec(self) -> dict[str, Any]:
        """What an import or export file holds of it (what an operator sets)."""
        return {
            "name": self.name,
            "address": self.address,
            "port": self.port,
            "platform": self.platform,
            "groups": list(self.groups),
            "data": jsonable(self.data),
            "credential_set": self.credential_set,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            **self.spec(),
            "model": self.model,
            "serial": self.serial,
            "os_version": self.os_version,
            "status": self.status,
            "source": self.source,
            "retired": self.retired,
            "retired_at": iso(self.retired_at),
            "metadata": jsonable(self.metadata),
        }
