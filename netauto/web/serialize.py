"""The JSON shapes of the API: plain dicts from the library's dataclasses.

Times are ISO 8601 in UTC, ids full UUID strings. What leaves here never holds a secret: the
operations log and ``network_devices.config_backup`` are masked when written, backup diffs
are masked by the caller (:func:`netauto.secrets.mask`), settings go through
``settings_store.rows`` (secrets as ``<set>``), users never carry a hash.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from netauto.db.browse import Device, Page
from netauto.db.dashboard import HealthFigures, Overview, RunSummary, day_labels
from netauto.db.queries import OperationRow, RunDetail, RunRow


def plain(value: Any) -> Any:
    """A JSON-ready copy: dataclasses as dicts, datetimes as ISO text, UUIDs as strings."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Path):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def operation(row: OperationRow, *, detail: bool = False) -> dict[str, Any]:
    """One operation; ``detail`` adds its command, result and diff (masked when stored)."""
    data: dict[str, Any] = {
        "id": str(row.id),
        "run_id": str(row.run_id) if row.run_id is not None else None,
        "runbook": row.runbook,
        "host": row.host,
        "operation_type": row.operation_type,
        "status": row.status,
        "execution_time_ms": row.execution_time_ms,
        "changed": row.changed,
        "username": row.username,
        "created_at": _iso(row.created_at),
        "finished_at": _iso(row.finished_at),
        "error_message": row.error_message,
    }
    if detail:
        data.update(command=row.command, result=plain(row.result), diff=row.diff)
    return data


def run(row: RunRow) -> dict[str, Any]:
    data: dict[str, Any] = plain(row)
    return data


def run_detail(detail: RunDetail) -> dict[str, Any]:
    return {
        **run(detail.run),
        "operations": [operation(op, detail=True) for op in detail.operations],
    }


def page(found: Page, shape: Any) -> dict[str, Any]:
    return {
        "items": [shape(row) for row in found.rows],
        "next": found.next.encode() if found.next is not None else None,
    }


def device(row: Device, *, last_backup: datetime | None = None) -> dict[str, Any]:
    """One device, without its configuration (the device page shows that, masked)."""
    return {
        "name": row.name,
        "ip_address": row.ip_address,
        "platform": row.platform,
        "model": row.model,
        "status": row.status,
        "uptime_seconds": row.uptime_seconds,
        "last_seen": _iso(row.last_seen),
        "metadata": plain(row.metadata),
        "updated_at": _iso(row.updated_at),
        "last_backup": _iso(last_backup),
    }


def summary(found: RunSummary) -> dict[str, Any]:
    return {**run(found.run), "failures": plain(found.failures)}


def health(figures: HealthFigures | None) -> dict[str, Any] | None:
    if figures is None:
        return None
    peaks = {name: figures.peak(name) for name in ("cpu_percent", "memory_percent")}
    return {
        "run_id": str(figures.run_id),
        "started_at": figures.started_at.isoformat(),
        "states": figures.states,
        "average": {
            name: figures.average(name)
            for name in ("cpu_percent", "memory_percent", "response_ms", "uptime_seconds")
        },
        "peak": {
            name: {"value": found[0], "host": found[1]} if found else None
            for name, found in peaks.items()
        },
        "hosts": plain(figures.hosts),
    }


def overview(found: Overview) -> dict[str, Any]:
    devices = found.devices
    share = devices.online_share
    return {
        "devices": {
            "total": devices.total,
            **devices.by_status,
            "online_share": round(share, 3) if share is not None else None,
        },
        "status_chart": {
            "labels": list(devices.by_status),
            "data": list(devices.by_status.values()),
        },
        "timeline": {
            "days": [day.day for day in found.timeline],
            "labels": day_labels(found.timeline),
            "series": {
                status: [day.counts[status] for day in found.timeline]
                for status in (found.timeline[0].counts if found.timeline else {})
            },
        },
        "recent": [operation(row) for row in found.recent],
        "runs": [summary(item) for item in found.runs],
        "health": health(found.health),
    }
