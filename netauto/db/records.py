"""What the processor hands to the writer: operation and run records, JSON-serialisable.

A record carries names (host, user), not database ids, so it can be stored after the database
comes back; the store resolves names to ids.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, Literal

from netauto.clock import utcnow
from netauto.db.storable import storable, storable_data, unstorable

Kind = Literal["op", "run", "device"]


@dataclass
class OpRecord:
    """One host's result of one runbook task (a row of operations_log)."""

    id: uuid.UUID
    operation_type: str
    status: str
    host: str | None = None
    run_id: uuid.UUID | None = None
    username: str | None = None
    command: str | None = None
    result: Any = None
    error_message: str | None = None
    execution_time_ms: int | None = None
    changed: bool = False
    diff: str | None = None
    created_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None

    kind: Kind = field(default="op", init=False)
    # ``result`` as JSON text, made by scrub() (which had to serialise it to cap it anyway).
    result_json: str | None = field(default=None, init=False, repr=False, compare=False)


@dataclass
class RunRecord:
    """One invocation of a runbook (a row of runs)."""

    id: uuid.UUID
    runbook: str
    username: str | None = None
    arguments: dict[str, Any] | None = None
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None
    hosts_total: int = 0
    hosts_ok: int = 0
    hosts_failed: int = 0
    hosts_changed: int = 0
    status: str = "running"
    task_id: uuid.UUID | None = None  # the schedule that fired the run
    owner_pid: int | None = None  # the process running it, on owner_host
    owner_host: str | None = None
    error_message: str | None = None

    kind: Kind = field(default="run", init=False)


@dataclass
class DeviceRecord:
    """New values for columns of one network_devices row (status, last_seen, model...)."""

    name: str
    values: dict[str, Any]

    kind: Kind = field(default="device", init=False)


Record = OpRecord | RunRecord | DeviceRecord


def coalesce(
    records: Iterable[Record],
) -> tuple[list[RunRecord], list[OpRecord], dict[str, dict[str, Any]]]:
    """The newest record per id (runs, operations) and per device the merged new values."""
    runs: dict[uuid.UUID, RunRecord] = {}
    ops: dict[uuid.UUID, OpRecord] = {}
    devices: dict[str, dict[str, Any]] = {}
    for record in records:
        if isinstance(record, RunRecord):
            runs[record.id] = record
        elif isinstance(record, OpRecord):
            ops[record.id] = record
        else:
            devices.setdefault(record.name, {}).update(record.values)
    return list(runs.values()), list(ops.values()), devices


def new_id() -> uuid.UUID:
    """A random (version 4) id for a row: no system call, so the writer thread and the
    run's threads do not hand the GIL to each other once per row (``uuid4`` reads
    ``os.urandom``, which releases it). Row ids need to be unique, not secret."""
    return uuid.UUID(int=random.getrandbits(128), version=4)


_TYPES: dict[str, type[OpRecord] | type[RunRecord] | type[DeviceRecord]] = {
    "op": OpRecord,
    "run": RunRecord,
    "device": DeviceRecord,
}
# Datetime columns inside DeviceRecord.values, restored from JSON.
_DEVICE_DATETIMES = ("last_seen", "updated_at")


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def to_json(record: Record) -> dict[str, Any]:
    data = {key: _plain(value) for key, value in asdict(record).items()}
    data.pop("result_json", None)
    if isinstance(record, DeviceRecord):
        data["values"] = {key: _plain(value) for key, value in record.values.items()}
    return data


def from_json(data: dict[str, Any]) -> Record:
    cls = _TYPES[data["kind"]]
    kwargs: dict[str, Any] = {}
    for item in fields(cls):
        if not item.init or item.name not in data:
            continue
        value = data[item.name]
        if value is not None and item.name in ("id", "run_id", "task_id"):
            value = uuid.UUID(value)
        elif value is not None and item.name.endswith("_at"):
            value = datetime.fromisoformat(value)
        kwargs[item.name] = value
    if cls is DeviceRecord:
        kwargs["values"] = {
            key: datetime.fromisoformat(value)
            if key in _DEVICE_DATETIMES and isinstance(value, str)
            else value
            for key, value in kwargs["values"].items()
        }
    return cls(**kwargs)


def _masked(value: Any) -> Any:
    from netauto.secrets import mask_data

    return mask_data(value)


# Size caps of what one row stores (characters; a JSON value as serialised).
CAPS = {
    "command": 4_000,
    "error_message": 4_000,
    "diff": 200_000,
    "result": 500_000,
    "config_backup": 2_000_000,
}


def capped(text: str | None, limit: int) -> str | None:
    """``text`` cut to ``limit`` characters, with a note saying how much was cut."""
    if text is None or len(text) <= limit:
        return text
    return f"{text[:limit]}\n... [cut: {len(text) - limit} of {len(text)} characters not stored]"


def _capped_json(value: Any, limit: int) -> tuple[Any, str | None]:
    """``value`` or, over ``limit`` characters of JSON, a note with its first part; and the
    JSON text of what is kept (None for None)."""
    import json

    if value is None:
        return None, None
    text = json.dumps(value, default=str)
    if len(text) <= limit:
        return value, text
    cut = {
        "cut": f"{len(text)} characters of result, over the {limit} stored: first part only",
        "preview": text[: min(limit, 20_000)],
    }
    return cut, json.dumps(cut)


def scrub(record: Record) -> Record:
    """The record with every secret masked, every field capped and every text storable: the
    last gate before the database and the spool.

    Producers mask what they build; this catches what they missed (a follow-up step's
    detail, a run's arguments, a router's complaint quoting a rejected line, a getter's
    ``password`` or ``community``). A field over its cap (:data:`CAPS`) is cut, with a note
    of what was cut. A NUL byte or text that is not UTF-8 is escaped (:mod:`netauto.db.storable`).
    """
    if isinstance(record, OpRecord):
        for name in ("command", "error_message", "diff"):
            if (text := getattr(record, name)) is not None:
                setattr(record, name, storable(capped(_masked(text), CAPS[name]) or ""))
        record.result, record.result_json = _capped_json(_masked(record.result), CAPS["result"])
        if record.result_json is not None and _UNSTORABLE_JSON.search(record.result_json):
            record.result, record.result_json = _capped_json(
                storable_data(record.result), CAPS["result"]
            )
        # The few names left (what the result and texts above were, one search for all).
        names = f"{record.operation_type}{record.status}{record.host}{record.username}"
        return storable_record(record) if unstorable(names) else record
    elif isinstance(record, RunRecord):
        record.arguments = _capped_json(_masked(record.arguments), CAPS["result"])[0]
        record.error_message = capped(_masked(record.error_message), CAPS["error_message"])
    else:
        values = _masked(record.values)
        for name, value in values.items():
            if isinstance(value, str):
                values[name] = capped(value, CAPS.get(name, CAPS["error_message"]))
        record.values = values
    return storable_record(record)


# What json.dumps writes for a NUL and for a lone surrogate (ensure_ascii, the default).
_UNSTORABLE_JSON = re.compile(r"\\u(?:0000|d[89a-f])")


def storable_record(record: Record) -> Record:
    """The record with every text field and JSON value as both databases take it (a spool
    line written before that rule, replayed, too)."""
    names = _FIELDS[type(record)]
    if isinstance(record, OpRecord) and record.result_json is not None:
        names = names[1:]  # the result: scrub() checked it on its JSON text, in one pass
    values = [getattr(record, name) for name in names]
    # One search over the texts joined: nearly every record has nothing to escape.
    if not unstorable("".join(value for value in values if isinstance(value, str))) and not any(
        unstorable(value) for value in values if isinstance(value, dict | list)
    ):
        return record
    for name, value in zip(names, values, strict=True):
        if isinstance(value, str | dict | list) and unstorable(value):
            setattr(record, name, storable_data(value))
    return record


# Each record type's fields that may hold text: an operation's result first.
_FIELDS: dict[type, tuple[str, ...]] = {
    OpRecord: (
        "result",
        "operation_type",
        "status",
        "host",
        "username",
        "command",
        "error_message",
        "diff",
    ),
    RunRecord: ("runbook", "username", "arguments", "status", "owner_host", "error_message"),
    DeviceRecord: ("name", "values"),
}
