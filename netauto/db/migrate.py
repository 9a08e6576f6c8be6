"""Schema creation and upgrades through Alembic, on SQLite or PostgreSQL."""

from __future__ import annotations

import threading
from pathlib import Path

from netauto.db.direct import Database, error_line
from netauto.db.url import redacted
from netauto.exceptions import DatabaseError

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions; bump with every new migration.
HEAD = "0015"


def _alembic_config(url: str) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def current_revision(url: str) -> str | None:
    """The schema revision stored in the database, None for an empty database.

    Plain SQL: every recorded run asks, and SQLAlchemy is not loaded for it.
    """
    database = Database.connect(url)
    try:
        if database.dialect == "postgresql":
            exists = "SELECT to_regclass('alembic_version') IS NOT NULL"
        else:
            exists = (
                "SELECT COUNT(*) FROM sqlite_master "
                "WHERE type = 'table' AND name = 'alembic_version'"
            )
        if not database.rows(exists)[0][0]:
            return None
        found = database.rows("SELECT version_num FROM alembic_version")
    except database.errors as exc:
        raise DatabaseError(
            f"cannot reach the database {redacted(url)}: {error_line(exc)}"
        ) from None
    finally:
        database.close()
    return str(found[0][0]) if found else None


def upgrade(url: str, revision: str = "head") -> str:
    """Create or upgrade the schema; returns the revision the database is at afterwards."""
    from alembic import command
    from sqlalchemy.exc import SQLAlchemyError

    from netauto.db.engine import error_text, redacted_url

    try:
        command.upgrade(_alembic_config(url), revision)  # type: ignore[arg-type]
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"schema upgrade of {redacted_url(url)} failed: {error_text(exc)}"
        ) from None
    return current_revision(url) or ""


_checked: set[str] = set()
_checking = threading.Lock()


def ensure_schema(url: str) -> None:
    """Upgrade only when needed: a cheap version check keeps Alembic off the start-up path.

    Once per database per process, and never from two threads at once (the writer thread and
    a task may both ask at the start of a run).
    """
    with _checking:
        if url in _checked:
            return
        if current_revision(url) != HEAD:
            upgrade(url)
        _checked.add(url)
