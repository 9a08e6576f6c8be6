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


_KEY = "user_defined.netauto.database_url"
# The backends netauto supports, and the drivers they may name.
_DRIVERS = {"sqlite": ("pysqlite",), "postgresql": ("psycopg",)}
_SQLITE_HEADER = b"SQLite format 3\x00"


def check_url(url: str) -> None:
    """A ConfigError (exit 2) for a URL no run could store anything in, before any router.

    A bad scheme or driver, a SQLite file whose folder cannot be created or written, a file
    that is not a SQLite database. An unreachable PostgreSQL server is not checked here: that
    is an outage, and results are spooled.
    """
    import os
    from importlib.util import find_spec

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"invalid database URL {url!r}", key=_KEY) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "postgresql" and not driver and find_spec("psycopg2") is None:
        driver = "psycopg2"  # SQLAlchemy's default for postgresql://, not installed
    if backend not in _DRIVERS or (driver and driver not in _DRIVERS[backend]):
        raise ConfigError(
            f"unsupported database URL {redacted_url(url)} (use sqlite:///FILE or "
            "postgresql+psycopg://USER@HOST/DB)",
            key=_KEY,
        )
    if backend != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return
    path = Path(parsed.database)
    if path.is_dir():
        raise ConfigError(f"the SQLite database {path} is a folder", key=_KEY)
    if path.exists():
        with open(path, "rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
        if header and header != _SQLITE_HEADER:
            raise ConfigError(f"{path} is not a SQLite database (corrupt?)", key=_KEY)
        if not os.access(path, os.R_OK | os.W_OK):
            raise ConfigError(f"the SQLite database {path} is not writable", key=_KEY)
        return
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(
            f"cannot create the SQLite database {path}: {folder} is not a writable folder",
            key=_KEY,
        )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
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
            if parsed.database and parsed.database != ":memory:":
                # It holds device configs and snapshots: owner-only (its -wal/-shm follow).
                private_file(Path(parsed.database))
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


def dispose_engines() -> None:
    """Close every pooled connection (tests and forked workers call this)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    factory = sessionmaker(get_engine(url), expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
