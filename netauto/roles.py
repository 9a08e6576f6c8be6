"""Roles and permissions: what each role may do, and the user a check needs (no database).

``viewer`` reads, ``operator`` also commits changes and triggers schedules, ``admin`` also
manages users and settings. :mod:`netauto.auth` checks an operator against the users table
with these; the users table's rows (:mod:`netauto.db.accounts`) come back as
:class:`Identity`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum


class Permission(StrEnum):
    READ = "read"
    CHANGE = "change"
    ADMIN = "admin"


ROLES = ("viewer", "operator", "admin")
_GRANTS = {
    "viewer": {Permission.READ},
    "operator": {Permission.READ, Permission.CHANGE},
    "admin": {Permission.READ, Permission.CHANGE, Permission.ADMIN},
}
# What a refusal says the operator lacks.
NEEDS = {
    Permission.READ: "the viewer role",
    Permission.CHANGE: "the operator role",
    Permission.ADMIN: "the admin role",
}


def allows(role: str, permission: Permission) -> bool:
    return permission in _GRANTS.get(role, set())


@dataclass(frozen=True)
class Identity:
    """A user row, as much of it as permission checks need."""

    id: uuid.UUID
    username: str
    email: str
    role: str
    active: bool

    def can(self, permission: Permission) -> bool:
        return self.active and allows(self.role, permission)
