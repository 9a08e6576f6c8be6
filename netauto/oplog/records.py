"""What the processor hands to the writer: operation and run records, JSON-serialisable.

A record carries names (host, user), not database ids, so it can be stored after the database
comes back; the store resolves names to ids.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, Literal

from netauto.clock import utcnow

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

    kind: Kind = field(default="run", init=False)


@dataclass
class DeviceRecord:
    """New values for columns of one network_devices row (status, last_seen, model...)."""

    name: str
    values: dict[str, Any]

    kind: Kind = field(default="device", init=False)


Record = OpRecord | RunRecord | DeviceRecord
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
        if value is not None and item.name in ("id", "run_id"):
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
