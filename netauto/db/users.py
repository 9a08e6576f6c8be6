"""Operators: who runs a runbook, from ``--user``, ``NETAUTO_USER`` or the OS login."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from netauto.db.models import User
from netauto.identity import current_username

__all__ = ["current_username", "ensure_user"]


def ensure_user(connection: Connection, username: str) -> uuid.UUID:
    """The id of the operator ``username`` (a username or an email), created on first sight.

    An operator nobody added is created as a viewer named after its login, with a locked
    password and a ``<login>@localhost`` email, so that every row names its user.
    """
    found = connection.execute(
        select(User.id).where(or_(User.username == username, User.email == username.lower()))
    ).scalar()
    if found is not None:
        return found
    table = User.__table__
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table)
        .values(
            id=uuid.uuid4(),
            username=username,
            email=f"{username}@localhost",
            password_hash="!",
            role="viewer",
            is_active=True,
        )
        .on_conflict_do_nothing(index_elements=[table.c.username])
    )
    connection.execute(statement)
    found = connection.execute(select(User.id).where(User.username == username)).scalar_one()
    return found
