"""The administration's rows: a router's change lock and a setting, as they may be shown.

A lock's release token is never in its JSON, a secret setting's value is ``<set>``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from netauto.db.rows.values import id_text, iso


@dataclass(frozen=True)
class LockInfo:
    """A router's change lock, with whether its owner still lives."""

    host: str
    owner: str
    run_id: uuid.UUID | None
    owner_pid: int | None
    owner_host: str | None
    acquired_at: datetime
    renewed_at: datetime | None
    expires_at: datetime
    state: str  # alive, alive (lease renewed), stale: why, unknown owner
    stale: bool
    token: uuid.UUID = field(repr=False)  # what releases it: compared on release, never shown

    def to_json(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "owner": self.owner,
            "run_id": id_text(self.run_id),
            "owner_pid": self.owner_pid,
            "owner_host": self.owner_host,
            "acquired_at": iso(self.acquired_at),
            "renewed_at": iso(self.renewed_at),
            "expires_at": iso(self.expires_at),
            "state": self.state,
            "stale": self.stale,
        }


@dataclass(frozen=True)
class SettingRow:
    """One setting as it may be shown: secrets ``<set>``, the database URL without password."""

    key: str
    value: str
    source: str
    secret: bool
    description: str
    storable: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": self.value,
            "source": self.source,
            "secret": self.secret,
            "description": self.description,
            "storable": self.storable,
        }
