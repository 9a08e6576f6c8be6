"""Store records in the database: upserts by id, so a replayed record is never doubled.

The SQL, and why an upsert never takes a row back in time: :mod:`netauto.db.upserts`.

Plain SQL on the driver's connection (:mod:`netauto.db.direct`), one connection per store
kept between batches: the writer runs beside the routers' SSH work, and SQLAlchemy's
import, ORM and statement compilation would take CPU from it.
"""

from __future__ import annotations

import uuid
from typing import Any

from netauto.db.direct import Database, error_line
from netauto.db.records import OpRecord, Record, RunRecord, coalesce
from netauto.db.upserts import (
    OP_COLUMNS,
    OP_UPDATES,
    RUN_COLUMNS,
    RUN_UPDATES,
    UNFINISHED,
    copy_rows,
    copy_upsert,
    linked_tasks,
    update_devices,
    upsert,
)
from netauto.db.url import redacted
from netauto.db.users import ensure_user
from netauto.exceptions import DatabaseError, RecordRefused


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
            update_devices(database, devices)

    def _store_runs(self, database: Database, runs: list[RunRecord]) -> None:
        if not runs:
            return
        tasks = linked_tasks(database, runs)
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
        upsert(database, "runs", RUN_COLUMNS, rows, RUN_UPDATES)

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
            upsert(database, "operations_log", OP_COLUMNS, new + known, OP_UPDATES)
            return
        if new:
            copy_rows(database, "operations_log", new)
        if known:
            copy_upsert(database, known, create=not self._staged)
            self._staged = True


def store_records(url: str, records: list[Record]) -> None:
    """Store ``records`` once, on a connection of their own."""
    with Store(url) as store:
        store.store(records)
