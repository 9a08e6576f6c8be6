"""The run path's database access, on the DB-API drivers themselves (sqlite3, psycopg).

A runbook's operations log (the writer, the device sync, closing stale runs, the schema
check) needs a handful of fixed statements. Through SQLAlchemy they cost its import and the
ORM models (about 0.3 CPU-s per process, as much as the SSH work of a dozen routers) and a
statement compilation each; here they are plain SQL on the driver's connection.

Values are stored exactly as SQLAlchemy stores them (``netauto.db.models`` reads them back):
on SQLite, UUIDs as 32 hex digits, datetimes as UTC ``YYYY-MM-DD HH:MM:SS.ffffff`` text,
JSON as text; on PostgreSQL, the driver's own types, JSON as text the server casts.
Statements are written with ``?`` placeholders and no ``%``.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netauto.db.url import libpq_uri, redacted, sqlite_file
from netauto.exceptions import DatabaseError

Row = tuple[Any, ...]
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"
# Every SQLite connection of netauto's, this module's and SQLAlchemy's (netauto.db.engine).
SQLITE_PRAGMAS = ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000")


def _driver_errors(dialect: str) -> tuple[type[Exception], ...]:
    if dialect == "postgresql":
        import psycopg

        return (psycopg.Error,)
    return (sqlite3.Error,)


def error_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class Database:
    """One DB-API connection and its dialect (``sqlite`` or ``postgresql``)."""

    def __init__(self, raw: Any, dialect: str) -> None:
        self.raw = raw
        self.dialect = dialect
        self.errors = _driver_errors(dialect)
        self._in_transaction = False

    @classmethod
    def connect(cls, url: str) -> Database:
        """A new connection to ``url``; DatabaseError when it cannot be opened."""
        dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
        errors: tuple[type[Exception], ...] = (OSError, *_driver_errors(dialect))
        try:
            if dialect == "postgresql":
                import psycopg

                raw: Any = psycopg.connect(libpq_uri(url), connect_timeout=5, autocommit=True)
            else:
                path = sqlite_file(url)
                if path is not None and not Path(path).exists():
                    from netauto.private import private_file

                    # It holds device configs: owner-only. Only when missing: closing any
                    # descriptor of an open database drops this process's SQLite locks.
                    private_file(Path(path))
                raw = sqlite3.connect(
                    path or ":memory:", timeout=30, check_same_thread=False, isolation_level=None
                )
                try:
                    for pragma in SQLITE_PRAGMAS:
                        raw.execute(f"PRAGMA {pragma}")
                except BaseException:
                    raw.close()
                    raise
        except errors as exc:
            raise DatabaseError(
                f"cannot reach the database {redacted(url)}: {error_line(exc)}"
            ) from None
        return cls(raw, dialect)

    @classmethod
    def of(cls, connection: Any) -> Database:
        """The DB-API connection under a SQLAlchemy ``Connection``, in its transaction."""
        database = cls(connection.connection.driver_connection, connection.dialect.name)
        database._in_transaction = True
        return database

    def close(self) -> None:
        with suppress(Exception):  # closing a broken connection: nothing left to do
            self.raw.close()

    # -- statements -------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns its row count."""
        cursor = self.raw.cursor()
        try:
            cursor.execute(self._sql(sql), tuple(params))
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            cursor = self.raw.cursor()
            try:
                cursor.executemany(self._sql(sql), rows)
            finally:
                cursor.close()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self.raw.cursor()
        try:
            cursor.execute(self._sql(sql), tuple(params))
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """Commit on success, roll back on error (SQLite: ``BEGIN IMMEDIATE``, so a writer
        waits for the lock up front instead of failing when it upgrades a read)."""
        if self._in_transaction:
            yield self
            return
        if self.dialect == "postgresql":
            with self.raw.transaction():
                self._in_transaction = True
                try:
                    yield self
                finally:
                    self._in_transaction = False
            return
        self.raw.execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        try:
            yield self
        except BaseException:
            if self.raw.in_transaction:  # some errors end it themselves
                self.raw.execute("ROLLBACK")
            raise
        else:
            self.raw.execute("COMMIT")
        finally:
            self._in_transaction = False

    # -- values, as SQLAlchemy stores them --------------------------------------------------
    def bind_id(self, value: uuid.UUID | None) -> Any:
        if value is None or self.dialect == "postgresql":
            return value
        return value.hex

    def bind_time(self, value: datetime | None) -> Any:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value if self.dialect == "postgresql" else value.strftime(_SQLITE_TIME)

    def bind(self, value: Any) -> Any:
        """A plain column's value: UUIDs and datetimes adapted, the rest as it is."""
        if isinstance(value, uuid.UUID):
            return self.bind_id(value)
        if isinstance(value, datetime):
            return self.bind_time(value)
        return value

    @staticmethod
    def json(value: Any) -> str | None:
        """A JSON column's value as text (None stays NULL)."""
        return None if value is None else json.dumps(value, default=str)

    @staticmethod
    def read_id(value: Any) -> uuid.UUID | None:
        if value is None or isinstance(value, uuid.UUID):
            return value
        return uuid.UUID(str(value))

    @staticmethod
    def read_time(value: Any) -> datetime | None:
        if value is None:
            return None
        when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


@contextmanager
def connected(url: str, what: str, database: Database | None = None) -> Iterator[Database]:
    """A connection in one transaction, closed after (``database``: an open one to use,
    left open); a driver error becomes ``DatabaseError("cannot <what> in <url>: ...")``."""
    own = database is None
    database = Database.connect(url) if database is None else database
    try:
        with database.transaction():
            yield database
    except database.errors as exc:
        raise DatabaseError(f"cannot {what} in {redacted(url)}: {error_line(exc)}") from None
    finally:
        if own:
            database.close()
