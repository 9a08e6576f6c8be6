"""Store records in the database: upserts by id, so a replayed record is never doubled.

An upsert never takes a row back in time: a ``running`` record (replayed from the spool
after an outage, or arriving late) does not overwrite a row that already finished, and a
device's state is not overwritten by values seen earlier than the stored ``last_seen``.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, bindparam, literal_column, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from netauto.db.engine import error_text, get_engine, redacted_url
from netauto.db.models import AutomationTask, NetworkDevice, OperationLog, Run
from netauto.db.types import utcnow
from netauto.db.users import ensure_user
from netauto.exceptions import DatabaseError
from netauto.oplog.records import Record, coalesce

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
# Statuses of a row or run that is not over yet; a record with one never replaces a final one.
UNFINISHED = ("running", "pending")


def _literal(value: str) -> Any:
    # Inline, not a bound parameter: the statement runs as one executemany over the rows.
    return literal_column(f"'{value}'")


def _upsert(
    connection: Connection, table: Table, rows: list[dict[str, Any]], updates: tuple[str, ...]
) -> None:
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={name: statement.excluded[name] for name in updates},
        # Newest state wins: an unfinished record only updates an unfinished row.
        where=or_(
            and_(*(statement.excluded.status != _literal(s) for s in UNFINISHED)),
            *(table.c.status == _literal(s) for s in UNFINISHED),
        ),
    )
    connection.execute(statement, rows)


def _copy_upsert(
    connection: Connection, table: Table, rows: list[dict[str, Any]], updates: tuple[str, ...]
) -> None:
    """PostgreSQL: the same upsert as :func:`_upsert`, with the rows sent by COPY.

    COPY into a temporary table, then one ``INSERT ... SELECT ... ON CONFLICT``: the rows
    travel as one stream instead of one statement each, which is most of what storing a big
    batch costs. JSON values are sent as text (``OpRecord.result_json``, or :func:`json_text`).
    """
    names = list(rows[0])
    columns = ", ".join(names)
    staging = f"netauto_in_{table.name}"
    unfinished = ", ".join(f"'{s}'" for s in UNFINISHED)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} (LIKE {table.name}) ON COMMIT DROP")
        with cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
            for row in rows:  # every row has the same keys, in the same order
                copy.write_row(tuple(row.values()))
        assignments = ", ".join(f"{name} = excluded.{name}" for name in updates)
        cursor.execute(
            f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM {staging} "
            f"ON CONFLICT (id) DO UPDATE SET {assignments} "
            f"WHERE excluded.status NOT IN ({unfinished}) "
            f"OR {table.name}.status IN ({unfinished})"
        )
    finally:
        cursor.close()


def json_text(value: Any) -> str | None:
    """A JSON column's value as the text PostgreSQL's COPY reads (None stays NULL)."""
    import json

    return None if value is None else json.dumps(value, default=str)


def _update_devices(connection: Connection, devices: dict[str, dict[str, Any]]) -> None:
    """Each device's new values; one executemany per set of columns, not one statement per
    device. A replayed, older state never wins: with ``last_seen`` the row changes only
    when the stored one is not newer."""
    table = cast(Table, NetworkDevice.__table__)
    groups: dict[tuple[tuple[str, ...], bool], list[dict[str, Any]]] = {}
    now = utcnow()
    for name, values in devices.items():
        row = {"updated_at": now, **values}  # "metadata" is the column's own name
        guarded = row.get("last_seen") is not None
        bound = {f"v_{column}": value for column, value in row.items()}
        groups.setdefault((tuple(sorted(row)), guarded), []).append({"b_name": name, **bound})
    for (columns, guarded), rows in groups.items():
        statement = update(table).where(table.c.name == bindparam("b_name"))
        if guarded:
            statement = statement.where(
                or_(table.c.last_seen.is_(None), table.c.last_seen <= bindparam("v_last_seen"))
            )
        statement = statement.values({column: bindparam(f"v_{column}") for column in columns})
        connection.execute(statement, rows)


def _unlink_removed_tasks(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Drop links to schedules removed meanwhile: a replayed run must not fail its batch."""
    linked = {row["task_id"] for row in rows if row["task_id"] is not None}
    if not linked:
        return
    found = set(
        connection.execute(select(AutomationTask.id).where(AutomationTask.id.in_(linked)))
        .scalars()
        .all()
    )
    for row in rows:
        if row["task_id"] not in found:
            row["task_id"] = None


class Store:
    """Writes records to one database, resolving user and device names to ids."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._users: dict[str, uuid.UUID] = {}
        self._devices: dict[str, uuid.UUID] = {}
        self._refreshed = False

    def _user_id(self, connection: Connection, username: str | None) -> uuid.UUID | None:
        if not username:
            return None
        if username not in self._users:
            self._users[username] = ensure_user(connection, username)
        return self._users[username]

    def _device_id(self, connection: Connection, host: str | None) -> uuid.UUID | None:
        if not host:
            return None
        if host not in self._devices and not self._refreshed:
            # One look-up per batch at most: hosts outside network_devices stay unlinked.
            rows = connection.execute(select(NetworkDevice.name, NetworkDevice.id)).all()
            self._devices.update({name: device_id for name, device_id in rows})
            self._refreshed = True
        return self._devices.get(host)

    def store(self, records: list[Record]) -> None:
        runs, ops, devices = coalesce(records)
        self._refreshed = False
        try:
            with get_engine(self.url).begin() as connection:
                by_copy = connection.dialect.driver == "psycopg"  # PostgreSQL, psycopg 3
                run_rows = [
                    {
                        "id": run.id,
                        "runbook": run.runbook[:100],
                        "user_id": self._user_id(connection, run.username),
                        "username": run.username,
                        "arguments": run.arguments,
                        "started_at": run.started_at,
                        "finished_at": run.finished_at,
                        "hosts_total": run.hosts_total,
                        "hosts_ok": run.hosts_ok,
                        "hosts_failed": run.hosts_failed,
                        "hosts_changed": run.hosts_changed,
                        "status": run.status,
                        "task_id": run.task_id,
                        "owner_pid": run.owner_pid,
                        "owner_host": run.owner_host,
                        "error_message": run.error_message,
                    }
                    for run in runs
                ]
                _unlink_removed_tasks(connection, run_rows)
                _upsert(connection, Run.__table__, run_rows, _RUN_UPDATES)  # type: ignore[arg-type]
                op_rows = []
                for op in ops:
                    op_rows.append(
                        {
                            "id": op.id,
                            "user_id": self._user_id(connection, op.username),
                            "device_id": self._device_id(connection, op.host),
                            "run_id": op.run_id,
                            "host": op.host,
                            "operation_type": op.operation_type[:50],
                            "status": op.status,
                            "command": op.command,
                            "result": (op.result_json or json_text(op.result))
                            if by_copy
                            else op.result,
                            "error_message": op.error_message,
                            "execution_time_ms": op.execution_time_ms,
                            "changed": op.changed,
                            "diff": op.diff,
                            "created_at": op.created_at,
                            "updated_at": op.finished_at or op.created_at,
                            "finished_at": op.finished_at,
                        }
                    )
                upsert = _copy_upsert if by_copy and op_rows else _upsert
                upsert(connection, OperationLog.__table__, op_rows, _OP_UPDATES)  # type: ignore[arg-type]
                _update_devices(connection, devices)
        except SQLAlchemyError as exc:
            # Cached ids may belong to a rolled-back transaction.
            self._users.clear()
            self._devices.clear()
            raise DatabaseError(
                f"cannot store results in {redacted_url(self.url)}: {error_text(exc)}"
            ) from exc
