"""What a dashboard shows: device counts, a timeline by status, last runs, the last health run.

Plain dataclasses out, like :mod:`netauto.db.queries`. Every query is bounded (a window of
days, a LIMIT, an index), so the overview stays fast with millions of operations: the
timeline reads one week (closed days cached by :mod:`netauto.db.timeline` in a long-lived
process), the last health run comes from ``idx_runs_runbook``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netauto.db.models import DEVICE_STATUSES, NetworkDevice, OperationLog, Run
from netauto.db.queries import OperationRow, RunRow, _operations, reading, run_row
from netauto.db.timeline import TimelineCache, TimelineDay, timeline

# The runbooks whose runs say each router's state, and the task that records it per host.
STATE_TASKS = {"health": "health_check", "poll": "poll"}


@dataclass(frozen=True)
class DeviceCounts:
    total: int
    by_status: dict[str, int]  # every status of DEVICE_STATUSES, zeros included

    @property
    def online_share(self) -> float | None:
        """Online devices among all, 0..1; None without devices."""
        return self.by_status["online"] / self.total if self.total else None


@dataclass(frozen=True)
class RunFailure:
    host: str | None
    operation_type: str
    error: str | None


@dataclass(frozen=True)
class RunSummary:
    run: RunRow
    failures: list[RunFailure] = field(default_factory=list)


@dataclass(frozen=True)
class HealthHost:
    host: str
    state: str  # online, warning, offline
    cpu_percent: float | None = None
    memory_percent: float | None = None
    uptime_seconds: float | None = None
    response_ms: float | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HealthFigures:
    """The last ``health`` or ``poll`` run, host by host, with the fleet's averages and peaks."""

    run_id: uuid.UUID
    started_at: datetime
    hosts: list[HealthHost]
    runbook: str = "health"

    def _values(self, name: str) -> list[tuple[float, str]]:
        found = ((getattr(h, name), h.host) for h in self.hosts)
        return [(float(value), host) for value, host in found if value is not None]

    def average(self, name: str) -> float | None:
        values = self._values(name)
        return round(sum(v for v, _ in values) / len(values), 1) if values else None

    def peak(self, name: str) -> tuple[float, str] | None:
        values = self._values(name)
        return max(values) if values else None

    @property
    def states(self) -> dict[str, int]:
        counts = {"online": 0, "warning": 0, "offline": 0}
        for host in self.hosts:
            counts[host.state] = counts.get(host.state, 0) + 1
        return counts


@dataclass(frozen=True)
class Overview:
    devices: DeviceCounts
    timeline: list[TimelineDay]
    recent: list[OperationRow]
    runs: list[RunSummary]
    health: HealthFigures | None


def _device_counts(session: Session) -> DeviceCounts:
    rows = session.execute(
        select(NetworkDevice.status, func.count()).group_by(NetworkDevice.status)
    ).all()
    by_status = dict.fromkeys(DEVICE_STATUSES, 0)
    for status, count in rows:
        by_status[status] = by_status.get(status, 0) + int(count)
    return DeviceCounts(sum(by_status.values()), by_status)


def _recent(session: Session, limit: int) -> list[OperationRow]:
    statement = (
        _operations(session)
        .order_by(OperationLog.created_at.desc(), OperationLog.id.desc())
        .limit(limit)
    )
    return [OperationRow(**row._asdict()) for row in session.execute(statement)]


def _last_runs(session: Session, limit: int) -> list[RunSummary]:
    """The newest runs, each with its failed operations (host, type, error line)."""
    runs = list(session.scalars(select(Run).order_by(Run.started_at.desc()).limit(limit)))
    failing = [run.id for run in runs if run.hosts_failed or run.status == "failed"]
    failures: dict[uuid.UUID, list[RunFailure]] = {}
    if failing:
        rows = session.execute(
            select(
                OperationLog.run_id,
                OperationLog.host,
                OperationLog.operation_type,
                OperationLog.error_message,
            )
            .where(OperationLog.run_id.in_(failing), OperationLog.status == "failed")
            .order_by(OperationLog.host)
        ).all()
        for run_id, host, kind, error in rows:
            if run_id is not None:
                failures.setdefault(run_id, []).append(RunFailure(host, kind, error))
    return [RunSummary(run_row(run), failures.get(run.id, [])) for run in runs]


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _last_health(session: Session) -> HealthFigures | None:
    """The figures of the newest finished ``health`` or ``poll`` run; None before the first."""
    run = session.scalars(
        select(Run)
        .where(Run.runbook.in_(list(STATE_TASKS)), Run.finished_at.is_not(None))
        .order_by(Run.started_at.desc())
        .limit(1)
    ).first()
    if run is None:
        return None
    rows = session.execute(
        select(OperationLog.host, OperationLog.status, OperationLog.result)
        .where(
            OperationLog.run_id == run.id,
            OperationLog.operation_type == STATE_TASKS[run.runbook],
        )
        .order_by(OperationLog.host)
    ).all()
    run_id, started = run.id, run.started_at
    hosts = []
    for host, status, result in rows:
        data = (result or {}).get("result") if isinstance(result, dict) else None
        if status != "success" or not isinstance(data, dict):
            hosts.append(HealthHost(host or "-", "offline"))
            continue
        hosts.append(
            HealthHost(
                host or "-",
                str(data.get("state") or "online"),
                _number(data.get("cpu_percent")),
                _number(data.get("memory_percent")),
                _number(data.get("uptime_seconds")),
                _number(data.get("response_ms")),
                [str(reason) for reason in data.get("reasons") or []],
            )
        )
    return HealthFigures(run_id, started, hosts, run.runbook)


def overview(
    url: str,
    *,
    days: int = 7,
    now: datetime | None = None,
    cache: TimelineCache | None = None,
) -> Overview:
    """Everything the dashboard shows, read in one transaction.

    ``cache``: keeps the counts of the closed days between calls (a long-lived process).
    """
    with reading(url) as session:
        return Overview(
            devices=_device_counts(session),
            timeline=(cache.timeline if cache else timeline)(session, days, now),
            recent=_recent(session, 10),
            runs=_last_runs(session, 8),
            health=_last_health(session),
        )


def device_counts(url: str) -> DeviceCounts:
    with reading(url) as session:
        return _device_counts(session)


def days_of(url: str, *, days: int = 7, now: datetime | None = None) -> list[TimelineDay]:
    """Operations per UTC day and status over the last ``days`` days, today included."""
    with reading(url) as session:
        return timeline(session, days, now)


def last_runs(url: str, *, limit: int = 8) -> list[RunSummary]:
    with reading(url) as session:
        return _last_runs(session, limit)


def last_health(url: str) -> HealthFigures | None:
    with reading(url) as session:
        return _last_health(session)


def day_labels(days: list[TimelineDay]) -> list[str]:
    """Short labels for a chart axis: ``Mon 24``."""
    return [date.fromisoformat(day.day).strftime("%a %d") for day in days]
