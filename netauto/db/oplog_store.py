"""Store records in the database: upserts by id, so a replayed record is never doubled.

An upsert never takes a row back in time: a ``running`` record (replayed from the spool
after an outage, or arriving late) does not overwrite a row that already finished, and a
device's state is not overwritten by values seen earlier than the stored ``last_seen``.

Plain SQL on the driver's connection (:mod:`netauto.db.direct`), one connection per store
kept between batches: the writer runs beside the routers' SSH work, and SQLAlchemy's
import, ORM and statement compilation would take CPU from it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from netauto.clock import utcnow
from netauto.db.direct import Database, error_line
from netauto.db.records import OpRecord, Record, RunRecord, coalesce
from netauto.db.url import redacted
from netauto.db.users import ensure_user
from netauto.exceptions import DatabaseError, RecordRefused

# Columns a later record for the same id may change (created_at and ids stay).
_OP_UPDATES = (
    "status",
    "result",
    "error_message",
    "execution_time_ms",
    "changed",
    "diff",
    "finished_at",
    "updated_at",
    "command",
)
_RUN_UPDATES = (
    "finished_at",
    "hosts_total",
    "hosts_ok",
    "hosts_failed",
    "hosts_changed",
    "status",
    "arguments",
    "error_message",
)
_OP_COLUMNS = (
    "id",
    "user_id",
    "device_id",
    "run_id",
    "host",
    "operation_type",
    "status",
    "command",
    "result",
    "error_message",
    "execution_time_ms",
    "changed",
    "diff",
    "created_at",
    "updated_at",
    "finished_at",
)
_RUN_COLUMNS = (
    "id",
    "runbook",
    "user_id",
    "username",
    "arguments",
    "started_at",
    "finished_at",
    "hosts_total",
    "hosts_ok",
    "hosts_failed",
    "hosts_changed",
    "status",
    "task_id",
    "owner_pid",
    "owner_host",
    "error_message",
)
# Statuses of a row or run that is not over yet; a record with one never replaces a final one.
UNFINISHED = ("running", "pending")
UNFINISHED_SQL = ", ".join(f"'{status}'" for status in UNFINISHED)  # for IN (...)


def _upsert_sql(table: str, columns: tuple[str, ...], updates: tuple[str, ...], source: str) -> str:
    """INSERT ... ON CONFLICT (id) DO UPDATE, where newest state wins: an unfinished record
    only updates an unfinished row. ``source``: ``VALUES (...)`` or a ``SELECT``."""
    assignments = ", ".join(f"{name} = excluded.{name}" for name in updates)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) {source} "
        f"ON CONFLICT (id) DO UPDATE SET {assignments} "
        f"WHERE excluded.status NOT IN ({UNFINISHED_SQL}) "
        f"OR {table}.status IN ({UNFINISHED_SQL})"
    )


def _values(columns: tuple[str, ...]) -> str:
    return f"VALUES ({', '.join('?' for _ in columns)})"


def _upsert(
    database: Database,
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    updates: tuple[str, ...],
) -> None:
    database.executemany(_upsert_sql(table, columns, updates, _values(columns)), rows)


def _copy(database: Database, table: str, rows: list[tuple[Any, ...]]) -> None:
    cursor = database.raw.cursor()
    try:
        with cursor.copy(f"COPY {table} ({', '.join(_OP_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


_STAGING = "netauto_in_operations_log"


def _copy_upsert(database: Database, rows: list[tuple[Any, ...]], create: bool) -> None:
    """PostgreSQL: the upsert of the operations, with the rows sent by COPY.

    COPY into a temporary table (``create``: first make it, once per connection; it empties
    itself at each commit), then one ``INSERT ... SELECT ... ON CONFLICT``: the rows travel
    as one stream instead of one statement each.
    """
    if create:
        database.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGING} (LIKE operations_log) "
            "ON COMMIT DELETE ROWS"
        )
    _copy(database, _STAGING, rows)
    columns = ", ".join(_OP_COLUMNS)
    database.execute(
        _upsert_sql("operations_log", _OP_COLUMNS, _OP_UPDATES, f"SELECT {columns} FROM {_STAGING}")
    )


def _refused(exc: BaseException) -> bool:
    """The data was refused, not the connection lost: PostgreSQL's data and integrity
    classes (SQLSTATE 22, 23), SQLite's IntegrityError and DataError, a value the driver
    cannot even send (ValueError: a NUL byte, text that is not UTF-8)."""
    import sqlite3

    if isinstance(exc, ValueError | sqlite3.IntegrityError | sqlite3.DataError):
        return True
    return str(getattr(exc, "sqlstate", None) or "")[:2] in ("22", "23")


def _reference(exc: BaseException) -> bool:
    """A foreign key naming a row that is not there (SQLSTATE 23503)."""
    return getattr(exc, "sqlstate", None) == "23503" or "FOREIGN KEY" in str(exc)


def _duplicate(exc: BaseException) -> bool:
    """A unique violation (PostgreSQL's SQLSTATE 23505)."""
    return getattr(exc, "sqlstate", None) == "23505"


def _update_devices(database: Database, devices: dict[str, dict[str, Any]]) -> None:
    """Each device's new values; one executemany per set of columns, not one statement per
    device. A replayed, older state never wins: with ``last_seen`` the row changes only
    when the stored one is not newer."""
    groups: dict[tuple[tuple[str, ...], bool], list[tuple[Any, ...]]] = {}
    now = utcnow()
    for name, values in devices.items():
        row = {"updated_at": now, **values}  # "metadata" is the column's own name
        columns = tuple(sorted(row))
        params = [
            database.json(row[column]) if column == "metadata" else database.bind(row[column])
            for column in columns
        ]
        params.append(name)
        guarded = row.get("last_seen") is not None
        if guarded:
            params.append(database.bind_time(row["last_seen"]))
        groups.setdefault((columns, guarded), []).append(tuple(params))
    for (columns, guarded), rows in groups.items():
        assignments = ", ".join(f'"{column}" = ?' for column in columns)
        sql = f"UPDATE network_devices SET {assignments} WHERE name = ?"
        if guarded:
            sql += " AND (last_seen IS NULL OR last_seen <= ?)"
        database.executemany(sql, rows)


def _linked_tasks(database: Database, runs: Iterable[RunRecord]) -> set[uuid.UUID]:
    """The schedules the runs name that still exist: a replayed run whose schedule was
    removed meanwhile loses the link instead of failing its batch."""
    linked = {run.task_id for run in runs if run.task_id is not None}
    if not linked:
        return set()
    marks = ", ".join("?" for _ in linked)
    found = database.rows(
        f"SELECT id FROM automation_tasks WHERE id IN ({marks})",
        [database.bind_id(task) for task in linked],
    )
    return {task for (value,) in found if (task := Database.read_id(value)) is not None}


class Store:
    """Writes records to one database, resolving user and device names to ids.

    It keeps one connection between batches (closed on an error, opened again for the next
    batch); :meth:`close` closes it.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._database: Database | None = None
        self._users: dict[str, uuid.UUID] = {}
        self._devices: dict[str, uuid.UUID] = {}
        self._refreshed = False
        self._staged = False  # the staging table exists on this connection
        # Operations stored unfinished: their next record is an update, not a new row.
        self._open: set[uuid.UUID] = set()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._staged = False
        if self._database is not None:
            self._database.close()
            self._database = None

    def database(self) -> Database:
        """The store's connection, opened on first use (DatabaseError when unreachable)."""
        if self._database is None:
            self._database = Database.connect(self.url)
        return self._database

    def _user_id(self, database: Database, username: str | None) -> uuid.UUID | None:
        if not username:
            return None
        if username not in self._users:
            self._users[username] = ensure_user(database, username)
        return self._users[username]

    def _device_id(self, database: Database, host: str | None) -> uuid.UUID | None:
        if not host:
            return None
        device = self._devices.get(host)
        if device is None and not self._refreshed:
            # One look-up per batch at most: hosts outside network_devices stay unlinked.
            rows = database.rows("SELECT name, id FROM network_devices")
            self._devices.update({name: Database.read_id(value) for name, value in rows})
            self._refreshed = True
            device = self._devices.get(host)
        return device

    def store(self, records: list[Record]) -> None:
        runs, ops, devices = coalesce(records)
        database = self.database()
        refusals: tuple[type[Exception], ...] = (*database.errors, ValueError)
        try:
            try:
                self._write(database, runs, ops, devices, fresh=True)
            except database.errors as exc:
                if not _duplicate(exc):
                    raise
                # A row copied as new was there already (a replayed spool): the whole batch
                # again, every row through the upsert.
                self._forget()
                self._write(database, runs, ops, devices, fresh=False)
        except refusals as exc:
            # The connection may be broken, the cached ids from a rolled-back transaction.
            self.close()
            self._forget()
            message = f"cannot store results in {redacted(self.url)}: {error_line(exc)}"
            if _refused(exc):
                raise RecordRefused(message, reference=_reference(exc)) from exc
            raise DatabaseError(message) from exc
        for op in ops:
            if op.status in UNFINISHED:
                self._open.add(op.id)
            else:
                self._open.discard(op.id)

    def _forget(self) -> None:
        """After a rolled-back batch: what it may have created is gone."""
        self._users.clear()
        self._devices.clear()
        self._staged = False

    def _write(
        self,
        database: Database,
        runs: list[RunRecord],
        ops: list[OpRecord],
        devices: dict[str, dict[str, Any]],
        *,
        fresh: bool,
    ) -> None:
        """One transaction. ``fresh``: operations this store never stored go by plain COPY
        on PostgreSQL (no staging, no conflict check)."""
        self._refreshed = False
        with database.transaction():
            self._store_runs(database, runs)
            self._store_ops(database, ops, fresh)
            _update_devices(database, devices)

    def _store_runs(self, database: Database, runs: list[RunRecord]) -> None:
        if not runs:
            return
        tasks = _linked_tasks(database, runs)
        value, time = database.bind, database.bind_time
        rows = [
            (
                database.bind_id(run.id),
                run.runbook[:100],
                database.bind_id(self._user_id(database, run.username)),
                run.username,
                database.json(run.arguments),
                time(run.started_at),
                time(run.finished_at),
                run.hosts_total,
                run.hosts_ok,
                run.hosts_failed,
                run.hosts_changed,
                run.status,
                value(run.task_id if run.task_id in tasks else None),
                run.owner_pid,
                run.owner_host,
                run.error_message,
            )
            for run in runs
        ]
        _upsert(database, "runs", _RUN_COLUMNS, rows, _RUN_UPDATES)

    def _store_ops(self, database: Database, ops: list[OpRecord], fresh: bool) -> None:
        if not ops:
            return
        uuid_, time = database.bind_id, database.bind_time
        new: list[tuple[Any, ...]] = []
        known: list[tuple[Any, ...]] = []
        for op in ops:
            row = (
                uuid_(op.id),
                uuid_(self._user_id(database, op.username)),
                uuid_(self._device_id(database, op.host)),
                uuid_(op.run_id),
                op.host,
                op.operation_type[:50],
                op.status,
                op.command,
                op.result_json or database.json(op.result),
                op.error_message,
                op.execution_time_ms,
                op.changed,
                op.diff,
                time(op.created_at),
                time(op.finished_at or op.created_at),
                time(op.finished_at),
            )
            (new if fresh and op.id not in self._open else known).append(row)
        if database.dialect != "postgresql":
            _upsert(database, "operations_log", _OP_COLUMNS, new + known, _OP_UPDATES)
            return
        if new:
            _copy(database, "operations_log", new)
        if known:
            _copy_upsert(database, known, create=not self._staged)
            self._staged = True


def store_records(url: str, records: list[Record]) -> None:
    """Store ``records`` once, on a connection of their own."""
    with Store(url) as store:
        store.store(records)
