"""The dashboard's JSON shape (``/api/dashboard``, and the figures the page draws).

Each row in it (an operation, a run) is that row's one shape, ``to_json()`` of
:mod:`netauto.db.rows`, as everywhere else; this adds the dashboard's own figures.
"""

from __future__ import annotations

from typing import Any

from netauto.db.dashboard import HealthFigures, Overview, RunSummary, day_labels
from netauto.db.rows import jsonable


def summary(found: RunSummary) -> dict[str, Any]:
    return {**found.run.to_json(), "failures": jsonable(found.failures)}


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
        "hosts": jsonable(figures.hosts),
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
        "recent": [row.to_json() for row in found.recent],
        "runs": [summary(item) for item in found.runs],
        "health": health(found.health),
    }
