"""The device registry's SQL: routers, groups and credential sets of the database inventory.

:func:`inventory_rows` is what every run reads (the ``netauto.database`` inventory plugin):
plain SQL (:mod:`netauto.db.direct`), no SQLAlchemy, one query per table. :func:`save`
writes routers and their audit rows (before and after) in one transaction: an import is
whole or nothing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from netauto.clock import utcnow
from netauto.db.direct import Database, connected
from netauto.db.rows import RegistryEntry, jsonable
from netauto.db.users import ensure_user

_ENTRY_COLUMNS = (
    "name, ip_address, port, platform, groups, data, credential_set, model, serial, "
    "os_version, status, source, retired_at, metadata"
)

# The same, as text on PostgreSQL: the driver's ipaddress objects and its JSON decoding of
# each value were a third of reading 10,000 routers (bench/registry.py).
_PG_TEXT_COLUMNS = (
    "name, host(ip_address), port, platform, groups::text, data::text, credential_set, model, "
    "serial, os_version, status, source, retired_at, metadata::text"
)


def _json(value: Any) -> Any:
    """A JSON column as read: text on SQLite, decoded already by psycopg."""
    if isinstance(value, str):
        return json.loads(value)
    return value


@dataclass(frozen=True)
class GroupRow:
    name: str
    platform: str | None
    data: dict[str, Any]
    connection_options: dict[str, Any]
    credential_set: str | None


@dataclass(frozen=True)
class CredentialRow:
    """A credential set as stored: ``password`` and ``secret`` are Fernet tokens."""

    name: str
    username: str
    password: str
    secret: str | None


@dataclass(frozen=True)
class Write:
    """One change of the registry: ``action`` (add, edit, retire, restore) from ``before``
    (None for an add) to ``after``."""

    action: str
    before: RegistryEntry | None
    after: RegistryEntry


def _entry(row: Sequence[Any]) -> RegistryEntry:
    return RegistryEntry(
        name=row[0],
        address=str(row[1]),
        port=row[2],
        platform=row[3],
        groups=tuple(_json(row[4]) or ()),
        data=dict(_json(row[5]) or {}),
        credential_set=row[6],
        model=row[7] or "unknown",
        serial=row[8],
        os_version=row[9],
        status=row[10] or "unknown",
        source=row[11],
        retired_at=Database.read_time(row[12]),
        metadata=dict(_json(row[13]) or {}),
    )


def inventory_rows(url: str) -> tuple[list[RegistryEntry], list[GroupRow]]:
    """The routers in service (retired ones are in no selection) and every group."""
    with connected(url, "read the device registry") as database:
        columns = _PG_TEXT_COLUMNS if database.dialect == "postgresql" else _ENTRY_COLUMNS
        hosts = database.rows(
            f"SELECT {columns} FROM network_devices WHERE retired_at IS NULL ORDER BY name"
        )
        groups = database.rows(
            "SELECT name, platform, data, connection_options, credential_set FROM device_groups"
        )
    return [_entry(row) for row in hosts], [
        GroupRow(row[0], row[1], dict(_json(row[2]) or {}), dict(_json(row[3]) or {}), row[4])
        for row in groups
    ]


def entries(url: str, *, retired: bool = True) -> list[RegistryEntry]:
    """Every router by name (``retired``: the retired ones too)."""
    where = "" if retired else " WHERE retired_at IS NULL"
    with connected(url, "read the device registry") as database:
        rows = database.rows(f"SELECT {_ENTRY_COLUMNS} FROM network_devices{where} ORDER BY name")
    return [_entry(row) for row in rows]


def entry(url: str, name: str) -> RegistryEntry | None:
    with connected(url, "read the device registry") as database:
        rows = database.rows(
            f"SELECT {_ENTRY_COLUMNS} FROM network_devices WHERE name = ?", (name,)
        )
    return _entry(rows[0]) if rows else None


def _device_values(database: Database, entry: RegistryEntry) -> list[Any]:
    return [
        entry.address,
        entry.port,
        entry.platform,
        database.json(list(entry.groups)),
        database.json(jsonable(entry.data)),
        entry.credential_set,
        entry.model,
        entry.serial,
        entry.os_version,
        entry.status,
        entry.source,
        database.bind_time(entry.retired_at),
        database.json(jsonable(entry.metadata)),
    ]


def save(url: str, actor: str, writes: Sequence[Write]) -> None:
    """Write every change and one audit row each (type ``device_<action>``), all or none."""
    if not writes:
        return
    with connected(url, "change the device registry") as database:
        now = database.bind_time(utcnow())
        user_id = database.bind_id(ensure_user(database, actor))
        for write in writes:
            values = _device_values(database, write.after)
            if write.before is None:
                database.execute(
                    "INSERT INTO network_devices (id, name, ip_address, port, platform, groups, "
                    "data, credential_set, model, serial, os_version, status, source, "
                    "retired_at, metadata, uptime_seconds, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                    (database.bind_id(uuid.uuid4()), write.after.name, *values, now, now),
                )
            else:
                database.execute(
                    "UPDATE network_devices SET ip_address = ?, port = ?, platform = ?, "
                    "groups = ?, data = ?, credential_set = ?, model = ?, serial = ?, "
                    "os_version = ?, status = ?, source = ?, retired_at = ?, metadata = ?, "
                    "updated_at = ? WHERE name = ?",
                    (*values, now, write.before.name),
                )
            result = {
                "device": write.after.name,
                "action": write.action,
                "before": None if write.before is None else write.before.to_json(),
                "after": write.after.to_json(),
            }
            database.execute(
                "INSERT INTO operations_log (id, user_id, host, operation_type, status, "
                "command, result, changed, execution_time_ms, created_at, updated_at, "
                "finished_at) VALUES (?, ?, ?, ?, 'success', ?, ?, ?, 0, ?, ?, ?)",
                (
                    database.bind_id(uuid.uuid4()),
                    user_id,
                    write.after.name,
                    f"device_{write.action}",
                    f"devices {write.action} {write.after.name}",
                    database.json(result),
                    True,
                    now,
                    now,
                    now,
                ),
            )


def save_groups(url: str, groups: Sequence[GroupRow]) -> None:
    """Insert or replace groups by name."""
    if not groups:
        return
    with connected(url, "save device groups") as database:
        now = database.bind_time(utcnow())
        database.executemany(
            "INSERT INTO device_groups (id, name, platform, data, connection_options, "
            "credential_set, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET platform = excluded.platform, "
            "data = excluded.data, connection_options = excluded.connection_options, "
            "credential_set = excluded.credential_set, updated_at = excluded.updated_at",
            [
                (
                    database.bind_id(uuid.uuid4()),
                    group.name,
                    group.platform,
                    database.json(group.data),
                    database.json(group.connection_options),
                    group.credential_set,
                    now,
                    now,
                )
                for group in groups
            ],
        )


def group_names(url: str) -> set[str]:
    with connected(url, "read device groups") as database:
        return {row[0] for row in database.rows("SELECT name FROM device_groups")}


def credential_sets(url: str) -> dict[str, CredentialRow]:
    with connected(url, "read credential sets") as database:
        rows = database.rows("SELECT name, username, password, secret FROM credential_sets")
    return {row[0]: CredentialRow(row[0], row[1], row[2], row[3]) for row in rows}


def save_credential_set(url: str, actor: str, row: CredentialRow) -> None:
    """Insert or replace a credential set (its values already encrypted); audited by name."""
    with connected(url, "save a credential set") as database:
        now = database.bind_time(utcnow())
        database.execute(
            "INSERT INTO credential_sets (id, name, username, password, secret, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
            "username = excluded.username, password = excluded.password, "
            "secret = excluded.secret, updated_at = excluded.updated_at",
            (
                database.bind_id(uuid.uuid4()),
                row.name,
                row.username,
                row.password,
                row.secret,
                now,
                now,
            ),
        )
        user_id = database.bind_id(ensure_user(database, actor))
        result = {"credential_set": row.name, "username": row.username}
        database.execute(
            "INSERT INTO operations_log (id, user_id, operation_type, status, command, result, "
            "changed, execution_time_ms, created_at, updated_at, finished_at) "
            "VALUES (?, ?, 'credential_set', 'success', ?, ?, ?, 0, ?, ?, ?)",
            (
                database.bind_id(uuid.uuid4()),
                user_id,
                f"credentials set {row.name}",
                database.json(result),
                True,
                now,
                now,
                now,
            ),
        )


def seed(url: str, entries: Sequence[RegistryEntry], groups: Sequence[GroupRow]) -> None:
    """The YAML inventory's groups and routers into an empty registry (source ``seed``).

    A router already in the table from a YAML-inventory run (no groups recorded) is completed;
    one the registry already manages is left as it is. Idempotent: several processes may
    seed at once.
    """
    save_groups(url, groups)
    with connected(url, "seed the device registry") as database:
        now = database.bind_time(utcnow())
        database.executemany(
            "INSERT INTO network_devices (id, name, ip_address, port, platform, groups, data, "
            "credential_set, model, serial, os_version, status, source, retired_at, metadata, "
            "uptime_seconds, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET port = excluded.port, groups = excluded.groups, "
            "data = excluded.data, source = excluded.source, updated_at = excluded.updated_at "
            "WHERE network_devices.groups IS NULL",
            [
                (
                    database.bind_id(uuid.uuid4()),
                    entry.name,
                    *_device_values(database, replace(entry, source="seed")),
                    now,
                    now,
                )
                for entry in entries
            ],
        )
