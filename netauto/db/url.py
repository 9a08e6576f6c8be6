"""A database URL checked before any router is touched, without loading SQLAlchemy.

``load_settings`` checks the URL at start-up; SQLAlchemy (a tenth of a second of imports) is
then loaded by the operations-log writer's thread while the run's threads log in, not by the
main thread before them. The URL is read as SQLAlchemy reads it (``scheme://rest``,
``sqlite:///FILE``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from netauto.exceptions import ConfigError

_KEY = "user_defined.netauto.database_url"
# The backends netauto supports, and the drivers they may name.
_DRIVERS = {"sqlite": ("pysqlite",), "postgresql": ("psycopg",)}
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+._-]*)://(?P<rest>.*)$", re.DOTALL)


def redacted(url: str) -> str:
    """The URL with any password hidden, as SQLAlchemy shows it."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


def sqlite_file(url: str) -> str | None:
    """The file of a ``sqlite://`` URL as SQLAlchemy reads it (``sqlite:///FILE``, query
    cut); None for an in-memory database."""
    rest = url.split("://", 1)[1] if "://" in url else ""
    path = rest[1:].split("?", 1)[0] if rest.startswith("/") else ""
    return None if path in ("", ":memory:") else path


def libpq_uri(url: str) -> str:
    """A ``postgresql+psycopg://`` URL (SQLAlchemy's) as the URI libpq and psycopg read."""
    return "postgresql://" + url.split("://", 1)[1]


def _is_sqlite(path: Path) -> bool:
    """Whether SQLite reads ``path`` as a database (an empty file is one).

    Read by SQLite itself, never by opening the file here: closing any descriptor of a
    database file drops every SQLite lock this process holds on it (POSIX locks), and a
    long-lived process loads its settings again while its connections are open.
    """
    import sqlite3

    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return False
    try:
        connection.execute("PRAGMA schema_version").fetchall()
    except sqlite3.OperationalError:
        return True  # busy or locked: a database all the same
    except sqlite3.DatabaseError:
        return False  # "file is not a database"
    finally:
        connection.close()
    return True


def check_url(url: str) -> None:
    """A ConfigError (exit 2) for a URL no run could store anything in, before any router.

    A bad scheme or driver, a SQLite file whose folder cannot be created or written, a file
    that is not a SQLite database. An unreachable PostgreSQL server is not checked here: that
    is an outage, and results are spooled.
    """
    from importlib.util import find_spec

    found = _URL.match(url)
    if found is None:
        raise ConfigError(f"invalid database URL {url!r}", key=_KEY) from None
    backend, _, driver = found["scheme"].partition("+")
    if backend == "postgresql" and not driver and find_spec("psycopg2") is None:
        driver = "psycopg2"  # SQLAlchemy's default for postgresql://, not installed
    if backend not in _DRIVERS or (driver and driver not in _DRIVERS[backend]):
        raise ConfigError(
            f"unsupported database URL {redacted(url)} (use sqlite:///FILE or "
            "postgresql+psycopg://USER@HOST/DB)",
            key=_KEY,
        )
    if backend == "postgresql":
        _check_port(url)
    database = sqlite_file(url) if backend == "sqlite" else None
    if database is None:
        return
    path = Path(database)
    if path.is_dir():
        raise ConfigError(f"the SQLite database {path} is a folder", key=_KEY)
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise ConfigError(f"the SQLite database {path} is not writable", key=_KEY)
        if not _is_sqlite(path):
            raise ConfigError(f"{path} is not a SQLite database (corrupt?)", key=_KEY)
        return
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(
            f"cannot create the SQLite database {path}: {folder} is not a writable folder",
            key=_KEY,
        )


def _check_port(url: str) -> None:
    """A port that is not a number from 1 to 65535 (``:99999``, ``:abc``): no server ever
    answers there, so it is the URL that is wrong, not the server that is down."""
    from urllib.parse import urlsplit

    location = urlsplit(url).netloc.rpartition("@")[2]
    if "," in location:  # several hosts (libpq's failover list): libpq checks each
        return
    try:
        port = urlsplit(url).port
    except ValueError:
        port = 0
    if port is None:
        return
    if not 1 <= port <= 65535:
        raise ConfigError(
            f"invalid port in the database URL {redacted(url)} (1 to 65535)", key=_KEY
        )


_MISSING = re.compile(r'database "(?P<name>[^"]+)" does not exist')


def missing_database(url: str, exc: BaseException) -> ConfigError | None:
    """The error to raise (exit 2) when ``exc`` says the URL's PostgreSQL database does not
    exist: the server is there, the URL (or a ``createdb``) is what is missing."""
    found = _MISSING.search(str(exc))
    if found is None:
        return None
    return ConfigError(
        f"the PostgreSQL database {found['name']!r} of {redacted(url)} does not exist "
        f"(create it: createdb {found['name']})",
        key=_KEY,
    )
