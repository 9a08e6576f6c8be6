"""Who may do what: users' roles, checked when ``auth.enforce`` is true.

Roles, each including the one before: ``viewer`` reads (the operations log, devices, reports,
and runbooks that only read routers: check, backup, facts, health, render, dry runs);
``operator`` also commits changes (``deploy``/``rollback``/``generate`` with commit) and
triggers schedules; ``admin`` also manages users and settings.

The operator of a run (``--user``, ``NETAUTO_USER``, else the OS login) is the user whose
username or email it is. With ``auth.enforce: false`` (the embedded default) everything is
allowed and still attributed; with ``true`` an unknown, disabled or under-privileged operator
is refused (:class:`~netauto.exceptions.PermissionDenied`, exit 2) before any router is touched.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from netauto.exceptions import PermissionDenied

if TYPE_CHECKING:
    from netauto.settings import Settings


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
_NEEDS = {
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


def lookup(url: str, name: str) -> Identity | None:
    """The user whose username or email is ``name``; None when there is none."""
    from netauto.db.accounts import lookup

    return lookup(url, name)


def user_can(url: str, user_id: uuid.UUID | None, permission: Permission) -> bool:
    """Whether the user with this id (active) has ``permission``; False for no user."""
    if user_id is None:
        return False
    from netauto.db.accounts import identity_of

    found = identity_of(url, user_id)
    return found is not None and found.can(permission)


def authorize(settings: Settings, username: str, permission: Permission) -> Identity | None:
    """Refuse ``username`` unless it may do ``permission``, when ``auth.enforce`` is true.

    Returns the user found; None when enforcement is off (nothing is looked up then: the
    operations log creates an unknown operator as a viewer on first sight).
    """
    if not settings.auth_enforce:
        return None
    found = lookup(settings.database_url, username)
    if found is None:
        raise PermissionDenied(
            f"unknown user {username!r}: ask an admin for an account "
            f"(netauto users add EMAIL --role ROLE), or pass --user"
        )
    if not found.active:
        raise PermissionDenied(f"user {found.username} is disabled")
    if not allows(found.role, permission):
        raise PermissionDenied(
            f"user {found.username} is a {found.role}: this needs {_NEEDS[permission]}"
        )
    return found
