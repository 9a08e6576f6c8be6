"""The accounts' rows: a user and an API token, without a password or token hash."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netauto.clock import utcnow
from netauto.db.rows.values import iso


@dataclass(frozen=True)
class UserInfo:
    """A user, without its password hash (``has_password`` says whether one is set)."""

    id: uuid.UUID
    username: str
    email: str
    display_name: str | None
    role: str
    active: bool
    has_password: bool
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "email": self.email,
            "display_name": self.display_name,
            "role": self.role,
            "active": self.active,
            "has_password": self.has_password,
            "created_at": iso(self.created_at),
        }


@dataclass(frozen=True)
class TokenInfo:
    """An API token as stored: its shown prefix, never the token or its hash."""

    id: uuid.UUID
    email: str
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= utcnow():
            return "expired"
        return "active"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "email": self.email,
            "name": self.name,
            "prefix": self.prefix,
            "state": self.state,
            "created_at": iso(self.created_at),
            "expires_at": iso(self.expires_at),
            "last_used_at": iso(self.last_used_at),
            "revoked_at": iso(self.revoked_at),
        }
