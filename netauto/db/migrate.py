"""Schema creation and upgrades through Alembic, on SQLite or PostgreSQL."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from netauto.db.engine import error_text, get_engine, redacted_url
from netauto.exceptions import DatabaseError

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions; bump with every new migration.
HEAD = "0008"


def _alembic_config(url: str) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def current_revision(url: str) -> str | None:
    """The schema revision stored in the database, None for an empty database."""
    try:
        with get_engine(url).connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except OperationalError as exc:
        raise DatabaseError(
            f"cannot reach the database {redacted_url(url)}: {error_text(exc)}"
        ) from None
    return None if row is None else str(row[0])


def upgrade(url: str, revision: str = "head") -> str:
    """Create or upgrade the schema; returns the revision the database is at afterwards."""
    from alembic import command

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
