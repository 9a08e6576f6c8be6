"""Settings kept in the database (``system_configs``): read at start-up, managed by admins.

Reading happens on every start, so it avoids SQLAlchemy: one query through the stdlib
``sqlite3`` or psycopg. Secret values are stored encrypted (``is_encrypted``) and decrypted
only when read. An unreachable database is a warning: the run goes on without stored values.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from netauto.db.rows import SettingRow
from netauto.exceptions import DatabaseError
from netauto.secretbox import Encrypted
from netauto.settings_schema import BY_KEY, spec_of

if TYPE_CHECKING:
    from netauto.settings import Settings

log = logging.getLogger(__name__)
_QUERY = "SELECT config_key, config_value, is_encrypted FROM system_configs"


def _rows(url: str) -> list[tuple[str, Any, bool]]:
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

        dsn = libpq_uri(url)
        with psycopg.connect(dsn, connect_timeout=5) as pg:
            exists = pg.execute("SELECT to_regclass('system_configs')").fetchone()
            if not exists or exists[0] is None:
                return []
            return [(k, v, bool(e)) for k, v, e in pg.execute(_QUERY)]
    return []


def read_stored(url: str) -> dict[str, Any]:
    """Stored values by key (secrets still encrypted); {} when the database cannot be read."""
    try:
        rows = _rows(url)
    except Exception as exc:  # the database is optional for settings: never fail a start
        why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        log.warning("settings: database not read (%s); using environment and config file", why)
        return {}
    values: dict[str, Any] = {}
    for key, value, encrypted in rows:
        if key not in BY_KEY:
            continue  # a key of a newer or older netauto: ignored
        values[key] = Encrypted(key, str(value)) if encrypted else value
    return values


def shown(settings: Settings, key: str) -> str:
    """A value as it may be printed: a secret is ``<set>`` (and is not even decrypted)."""
    value = settings.values.get(key)
    if value is None:
        return ""
    if spec_of(key).secret:
        return "<set>"
    return str(value)


def rows(settings: Settings) -> Iterator[SettingRow]:
    """Every setting as it may be shown: secrets ``<set>``, the database URL without password."""
    from netauto.db.url import redacted

    for key, spec in BY_KEY.items():
        source = settings.sources.get(key, "default")
        if source == str(settings.config_file):
            source = f"config file ({settings.config_file.name})"
        value = shown(settings, key)
        if key == "database_url" and value:
            value = redacted(value)
        yield SettingRow(key, value, source, spec.secret, spec.description, spec.stored)


def store(url: str, key: str, text: str | None, *, actor: str) -> None:
    """Set (``text``) or unset (None) a stored setting, checked against the schema; audited."""
    import uuid

    from sqlalchemy import delete, select
    from sqlalchemy.exc import SQLAlchemyError

    from netauto.db.audit import record
    from netauto.db.engine import error_text, session_scope
    from netauto.db.migrate import ensure_schema
    from netauto.db.models import SystemConfig
    from netauto.db.users import ensure_user
    from netauto.exceptions import ConfigError

    spec = spec_of(key)
    if not spec.stored:
        raise ConfigError(f"{key} cannot be stored in the database (it is needed to reach it)")
    value: Any = None
    if text is not None:
        value = spec.parse(text, "the command line")
        if spec.secret:
            from netauto.secretbox import encrypt

            value = encrypt(str(value), key)
    ensure_schema(url)
    try:
        with session_scope(url) as session:
            user_id = ensure_user(session.connection(), actor)
            if text is None:
                session.execute(delete(SystemConfig).where(SystemConfig.config_key == key))
            else:
                row = session.scalars(
                    select(SystemConfig).where(SystemConfig.config_key == key)
                ).first()
                if row is None:
                    row = SystemConfig(id=uuid.uuid4(), config_key=key)
                    session.add(row)
                row.config_value = value
                row.is_encrypted = spec.secret
                row.description = spec.description
                row.updated_by = user_id
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot store the setting {key}: {error_text(exc)}") from None
    shown_value = None if spec.secret or text is None else value
    record(
        url,
        actor,
        "setting_unset" if text is None else "setting_set",
        {"key": key, "value": shown_value, "secret": spec.secret},
    )
