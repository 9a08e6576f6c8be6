"""Who may do what: users' roles, checked when ``auth.enforce`` is true.

Roles, each including the one before: ``viewer`` reads (the operations log, devices, reports,
and runbooks that only read routers: check, backup, facts, health, render, dry runs);
``operator`` also commits changes (``deploy``/``rollback``/``generate`` with commit) and
triggers schedules; ``admin`` also manages users and settings.

The operator of a run (``--user``, ``NETAUTO_USER``, else the OS login) is the user whose
username or email it is. With ``auth.enforce: false`` (the embedded default) everything is
allowed and still attributed; with ``true`` an unknown, disabled or under-privileged operator
is refused (:class:`~netauto.exceptions.PermissionDenied`, exit 2) before any router is touched.

The roles and permissions themselves are :mod:`netauto.roles` (which the database's rows use);
the users are read from :mod:`netauto.db.accounts` only when a check needs them, so a run
with ``auth.enforce: false`` loads no SQLAlchemy for it.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from netauto.exceptions import PermissionDenied
from netauto.roles import NEEDS, ROLES, Identity, Permission, allows

if TYPE_CHECKING:
    from netauto.settings import Settings

# The policy is netauto.roles' (below the database); what front ends import from here.
__all__ = ["ROLES", "Identity", "Permission", "allows", "authorize", "lookup", "user_can"]


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
            "(netauto users add EMAIL --role ROLE), or pass {user}",
            params=("user",),
        )
    if not found.active:
        raise PermissionDenied(f"user {found.username} is disabled")
    if not allows(found.role, permission):
        raise PermissionDenied(
            f"user {found.username} is a {found.role}: this needs {NEEDS[permission]}"
        )
    return found
