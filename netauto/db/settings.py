"""The settings kept in the database (``system_configs``): read at start-up, written by admins.

Reading happens on every start (``load_settings``), so it avoids SQLAlchemy: one query
through the stdlib ``sqlite3`` or psycopg. Writing (``netauto settings set``) goes through
the ORM. What is stored is checked and encrypted by :mod:`netauto.settings_store` first.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from netauto.exceptions import DatabaseError

_QUERY = "SELECT config_key, config_value, is_encrypted FROM system_configs"


def stored_rows(url: str) -> list[tuple[str, Any, bool]]:
    """(key, value, encrypted) of every stored setting; [] when there is no table or file."""
    if url.startswith("sqlite:"):
        from netauto.db.url import sqlite_file

        path = sqlite_file(url)
        if path is None:
            return []
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        except sqlite3.OperationalError:
            return []  # no database file yet
        try:
            found = connection.execute(_QUERY).fetchall()
            # SQLite hands back JSON numbers as numbers (type affinity), text as JSON text.
            return [(k, json.loads(v) if isinstance(v, str) else v, bool(e)) for k, v, e in found]
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return []
            raise
        finally:
            connection.close()
    if url.startswith(("postgresql", "postgres")):
        import psycopg

        from netauto.db.url import libpq_uri

        with psycopg.connect(libpq_uri(url), connect_timeout=5) as pg:
            exists = pg.execute("SELECT to_regclass('system_configs')").fetchone()
            if not exists or exists[0] is None:
                return []
            return [(k, v, bool(e)) for k, v, e in pg.execute(_QUERY)]
    return []


def write_setting(
    url: str,
    key: str,
    value: Any,
    *,
    encrypted: bool,
    description: str,
    actor: str,
    remove: bool = False,
) -> None:
    """Store ``value`` under ``key`` (or ``remove`` it), as ``actor``."""
    from sqlalchemy import delete, select
    from sqlalchemy.exc import SQLAlchemyError

    from netauto.db.engine import error_text, session_scope
    from netauto.db.migrate import ensure_schema
    from netauto.db.models import SystemConfig
    from netauto.db.users import ensure_user

    ensure_schema(url)
    try:
        with session_scope(url) as session:
            user_id = ensure_user(session.connection(), actor)
            if remove:
                session.execute(delete(SystemConfig).where(SystemConfig.config_key == key))
                return
            row = session.scalars(
                select(SystemConfig).where(SystemConfig.config_key == key)
            ).first()
            if row is None:
                row = SystemConfig(id=uuid.uuid4(), config_key=key)
                session.add(row)
            row.config_value = value
            row.is_encrypted = encrypted
            row.description = description
            row.updated_by = user_id
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot store the setting {key}: {error_text(exc)}") from None
