"""Operators: who runs a runbook, from ``--user``, ``NETAUTO_USER`` or the OS login."""

from __future__ import annotations

import getpass
import os
import uuid

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from netauto.db.models import User


def current_username(explicit: str | None = None) -> str:
    """The operator's name: the argument, else NETAUTO_USER, else the OS login."""
    if explicit:
        return explicit
    if os.environ.get("NETAUTO_USER"):
        return os.environ["NETAUTO_USER"]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def ensure_user(connection: Connection, username: str) -> uuid.UUID:
    """The id of the operator ``username``, created on first sight."""
    table = User.__table__
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table)
        .values(
            id=uuid.uuid4(),
            username=username,
            email=f"{username}@localhost",
            password_hash="!",
            role="user",
            is_active=True,
        )
        .on_conflict_do_nothing(index_elements=[table.c.username])
    )
    connection.execute(statement)
    found = connection.execute(select(User.id).where(User.username == username)).scalar_one()
    return found
