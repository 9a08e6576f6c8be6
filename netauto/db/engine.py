"""Engines and sessions for the operations log, on SQLite or PostgreSQL.

One engine per database URL per process; a new session per unit of work, never shared across
threads (the SQLAlchemy 2.0 quickstart pattern).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from netauto.exceptions import ConfigError
from netauto.private import private_file

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def redacted_url(url: str) -> str:
    """The URL with any password masked, safe to print."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def error_text(exc: BaseException) -> str:
    """The first line of the driver's message behind a SQLAlchemy error."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    from netauto.db.direct import SQLITE_PRAGMAS

    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def get_engine(url: str) -> Engine:
    """The process-wide engine for ``url``; a SQLite file's folder is created on first use."""
    with _lock:
        engine = _engines.get(url)
        if engine is not None:
            return engine
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise ConfigError(
                f"invalid database URL {url!r}", key="user_defined.netauto.database_url"
            ) from None
        kwargs: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            path = Path(parsed.database or ":memory:")
            if str(path) != ":memory:" and not path.exists():
                # It holds device configs and snapshots: owner-only (its -wal/-shm follow).
                # Only when missing: closing a descriptor of a database this process has
                # open (netauto.db.direct) drops its SQLite locks.
                private_file(path)
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=5, max_overflow=10)
            kwargs["connect_args"] = {"connect_timeout": 5}
        try:
            engine = create_engine(url, **kwargs)
        except (NoSuchModuleError, ArgumentError, ImportError) as exc:
            raise ConfigError(
                f"unsupported database URL {redacted_url(url)}: {exc}",
                key="user_defined.netauto.database_url",
            ) from None
        if parsed.get_backend_name() == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        _engines[url] = engine
        return engine


def _close_on_checkin(_dbapi_connection: Any, entry: ConnectionPoolEntry) -> None:
    entry.close()


def _dispose(engine: Engine) -> None:
    """Close the engine's pooled connections, and those checked out now when they come back.

    ``Engine.dispose`` only closes what is checked in: a connection another thread is using
    (the web's live feed, a job) would return to the old pool, whose garbage collection
    leaves it to the driver's finaliser (psycopg: "ResourceWarning: ... deleted while still
    open"). The old pool closes each one on its return instead.
    """
    retired = engine.pool
    engine.dispose()
    event.listen(retired, "checkin", _close_on_checkin)
    retired.dispose()  # any returned between the two lines above


def dispose_engines() -> None:
    """Close every pooled connection (tests and forked workers call this)."""
    with _lock:
        for engine in _engines.values():
            _dispose(engine)
        _engines.clear()


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    factory = sessionmaker(get_engine(url), expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
