"""Operators: who runs a runbook, from ``--user``, ``NETAUTO_USER`` or the OS login."""

from __future__ import annotations

import uuid
from typing import Any

from netauto.clock import utcnow
from netauto.db.direct import Database
from netauto.identity import current_username

__all__ = ["current_username", "ensure_user", "user_id"]


def ensure_user(connection: Database | Any, username: str) -> uuid.UUID:
    """The id of the operator ``username`` (a username or an email), created on first sight.

    An operator nobody added is created as a viewer named after its login, with a locked
    password and a ``<login>@localhost`` email, so that every row names its user.
    ``connection``: a :class:`Database`, or a SQLAlchemy ``Connection`` (its transaction).
    """
    database = connection if isinstance(connection, Database) else Database.of(connection)
    found = database.rows(
        "SELECT id FROM users WHERE username = ? OR email = ?", (username, username.lower())
    )
    if found:
        return Database.read_id(found[0][0])  # type: ignore[return-value]
    now = database.bind_time(utcnow())
    database.execute(
        "INSERT INTO users (id, username, email, password_hash, role, is_active, created_at, "
        "updated_at) VALUES (?, ?, ?, '!', 'viewer', ?, ?, ?) ON CONFLICT (username) DO NOTHING",
        (database.bind_id(uuid.uuid4()), username, f"{username}@localhost", True, now, now),
    )
    found = database.rows("SELECT id FROM users WHERE username = ?", (username,))
    return Database.read_id(found[0][0])  # type: ignore[return-value]


def user_id(url: str, username: str) -> uuid.UUID:
    """The id of the operator ``username`` in ``url``, created on first sight (its own
    transaction)."""
    from netauto.db.direct import connected

    with connected(url, "users") as database:
        return ensure_user(database, username)
