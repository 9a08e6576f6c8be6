"""The SQL a store writes with: upserts where the newest state wins, PostgreSQL's COPY, the
devices' new values, the schedules a run may still link to.

An upsert never takes a row back in time: a ``running`` record (replayed from the spool
after an outage, or arriving late) does not overwrite a row that already finished, and a
device's state is not overwritten by values seen earlier than the stored ``last_seen``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from netauto.clock import utcnow
from netauto.db.direct import Database
from netauto.db.records import RunRecord

# Columns a later record for the same id may change (created_at and ids stay).
OP_UPDATES = (
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
RUN_UPDATES = (
    "finished_at",
    "hosts_total",
    "hosts_ok",
    "hosts_failed",
    "hosts_changed",
    "status",
    "arguments",
    "error_message",
)
OP_COLUMNS = (
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
RUN_COLUMNS = (
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


def upsert_sql(table: str, columns: tuple[str, ...], updates: tuple[str, ...], source: str) -> str:
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


def upsert(
    database: Database,
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    updates: tuple[str, ...],
) -> None:
    database.executemany(upsert_sql(table, columns, updates, _values(columns)), rows)


def copy_rows(database: Database, table: str, rows: list[tuple[Any, ...]]) -> None:
    cursor = database.raw.cursor()
    try:
        with cursor.copy(f"COPY {table} ({', '.join(OP_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


_STAGING = "netauto_in_operations_log"


def copy_upsert(database: Database, rows: list[tuple[Any, ...]], create: bool) -> None:
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
    copy_rows(database, _STAGING, rows)
    columns = ", ".join(OP_COLUMNS)
    database.execute(
        upsert_sql("operations_log", OP_COLUMNS, OP_UPDATES, f"SELECT {columns} FROM {_STAGING}")
    )


def update_devices(database: Database, devices: dict[str, dict[str, Any]]) -> None:
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


def linked_tasks(database: Database, runs: Iterable[RunRecord]) -> set[uuid.UUID]:
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
