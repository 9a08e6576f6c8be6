"""Poll samples: store them, read the latest and a chart's series, roll up and prune old ones.

Raw samples (one per router per poll) are kept ``samples_days``; every complete hour is
folded into ``device_rollups`` (averages, peaks, interface rates), kept ``rollup_days``. The
hour and day charts read raw samples, the week chart reads roll-ups: at most 168 rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from netauto.clock import utcnow
from netauto.db.engine import session_scope
from netauto.db.models import DeviceRollup, DeviceSample
from netauto.db.queries import reading
from netauto.db.url import redacted as redacted_url
from netauto.exceptions import DatabaseError, UsageError

SPANS = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(days=7)}
NUMBERS = ("latency_ms", "cpu_percent", "memory_percent")


@dataclass(frozen=True)
class SampleRow:
    device: str
    taken_at: datetime
    status: str
    source: str
    latency_ms: float | None
    cpu_percent: float | None
    memory_percent: float | None
    uptime_seconds: int | None
    interfaces: dict[str, list[Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "device": self.device,
            "taken_at": self.taken_at.isoformat(),
            "status": self.status,
            "source": self.source,
            "latency_ms": self.latency_ms,
            "cpu_percent": self.cpu_percent,
            "memory_percent": self.memory_percent,
            "uptime_seconds": self.uptime_seconds,
            "interfaces": self.interfaces,
        }


def _row(sample: DeviceSample) -> SampleRow:
    return SampleRow(
        sample.device,
        sample.taken_at,
        sample.status,
        sample.source,
        sample.latency_ms,
        sample.cpu_percent,
        sample.memory_percent,
        sample.uptime_seconds,
        dict(sample.interfaces or {}),
    )


def store_samples(url: str, samples: Iterable[Mapping[str, Any]]) -> int:
    """Insert samples (``device``, ``status``, ``source``, figures, ``interfaces``)."""
    now = utcnow()
    columns = [c.name for c in DeviceSample.__table__.columns if c.name != "id"]
    rows = [{name: sample.get(name) for name in columns} for sample in samples]
    for row in rows:
        row["taken_at"] = row["taken_at"] or now
    return _insert(url, DeviceSample, rows)


def store_rollups(url: str, rollups: Iterable[Mapping[str, Any]]) -> int:
    """Insert hourly roll-ups as they are (imports, benchmarks)."""
    return _insert(url, DeviceRollup, [dict(row) for row in rollups])


def _insert(url: str, model: type[DeviceSample] | type[DeviceRollup], rows: list[Any]) -> int:
    if not rows:
        return 0
    try:
        with session_scope(url) as session:
            session.execute(insert(model), rows)  # one executemany, no ORM objects
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot store poll samples in {redacted_url(url)}: {exc}") from None
    return len(rows)


def latest_samples(url: str) -> dict[str, SampleRow]:
    """Each device's newest sample (within the raw retention)."""
    with reading(url) as session:
        newest = (
            select(DeviceSample.device, func.max(DeviceSample.taken_at).label("taken_at"))
            .group_by(DeviceSample.device)
            .subquery()
        )
        found = session.scalars(
            select(DeviceSample).join(
                newest,
                (DeviceSample.device == newest.c.device)
                & (DeviceSample.taken_at == newest.c.taken_at),
            )
        )
        return {sample.device: _row(sample) for sample in found}


def _rates(samples: list[DeviceSample]) -> dict[str, list[float]]:
    """``{interface: [in_bps, out_bps]}`` between the first and the last of ``samples``."""
    if len(samples) < 2:
        return {}
    first, last = samples[0], samples[-1]
    seconds = (last.taken_at - first.taken_at).total_seconds()
    rates: dict[str, list[float]] = {}
    for name, now in (last.interfaces or {}).items():
        before = (first.interfaces or {}).get(name)
        if not before or seconds <= 0:
            continue
        moved = [max(0, now[i] - before[i]) * 8 / seconds for i in (0, 1)]
        rates[name] = [round(moved[0], 1), round(moved[1], 1)]
    return rates


def series(
    url: str, device: str, span: str, *, now: datetime | None = None
) -> list[dict[str, Any]]:
    """A chart's points: raw samples for ``hour`` and ``day``, hourly roll-ups for ``week``.

    Each point: ``t`` (ISO time), ``latency_ms``, ``cpu_percent``, ``memory_percent``, ``up``
    and ``interfaces`` (``{name: [in_bps, out_bps]}``).
    """
    if span not in SPANS:
        raise UsageError(f"span {span!r}: expected one of {', '.join(SPANS)}")
    since = (now or utcnow()) - SPANS[span]
    with reading(url) as session:
        if span == "week":
            rollups = session.scalars(
                select(DeviceRollup)
                .where(DeviceRollup.device == device, DeviceRollup.hour >= since)
                .order_by(DeviceRollup.hour)
            )
            return [
                {
                    "t": r.hour.isoformat(),
                    **{name: getattr(r, name) for name in NUMBERS},
                    "up": r.up_samples / r.samples if r.samples else 0,
                    "interfaces": r.interfaces or {},
                }
                for r in rollups
            ]
        samples = list(
            session.scalars(
                select(DeviceSample)
                .where(DeviceSample.device == device, DeviceSample.taken_at >= since)
                .order_by(DeviceSample.taken_at)
            )
        )
    points = []
    for before, sample in zip([None, *samples], samples, strict=False):
        points.append(
            {
                "t": sample.taken_at.isoformat(),
                **{name: getattr(sample, name) for name in NUMBERS},
                "up": 0 if sample.status == "offline" else 1,
                "interfaces": _rates([before, sample]) if before is not None else {},
            }
        )
    return points


def _average(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return round(sum(found) / len(found), 2) if found else None


def _hour(stamp: datetime) -> datetime:
    return stamp.replace(minute=0, second=0, microsecond=0)


def roll_up(url: str, *, now: datetime | None = None) -> int:
    """Fold every complete hour not yet rolled up into ``device_rollups``; returns the rows."""
    current = _hour(now or utcnow())
    written = 0
    with session_scope(url) as session:
        done = session.scalar(select(func.max(DeviceRollup.hour)))
        start = session.scalar(select(func.min(DeviceSample.taken_at)))
        if start is None:
            return 0
        hour = _hour(start) if done is None else max(done + timedelta(hours=1), _hour(start))
        while hour < current:
            end = hour + timedelta(hours=1)
            found = session.scalars(
                select(DeviceSample)
                .where(DeviceSample.taken_at >= hour, DeviceSample.taken_at < end)
                .order_by(DeviceSample.device, DeviceSample.taken_at)
            )
            by_device: dict[str, list[DeviceSample]] = defaultdict(list)
            for sample in found:
                by_device[sample.device].append(sample)
            for device, samples in by_device.items():
                session.add(
                    DeviceRollup(
                        device=device,
                        hour=hour,
                        samples=len(samples),
                        up_samples=sum(1 for s in samples if s.status != "offline"),
                        latency_ms=_average(s.latency_ms for s in samples),
                        latency_max_ms=max(
                            (s.latency_ms for s in samples if s.latency_ms is not None),
                            default=None,
                        ),
                        cpu_percent=_average(s.cpu_percent for s in samples),
                        cpu_max_percent=max(
                            (s.cpu_percent for s in samples if s.cpu_percent is not None),
                            default=None,
                        ),
                        memory_percent=_average(s.memory_percent for s in samples),
                        interfaces=_rates([s for s in samples if s.interfaces]),
                    )
                )
                written += 1
            hour = end
    return written


def prune(
    url: str, *, samples_days: int, rollup_days: int, now: datetime | None = None
) -> tuple[int, int]:
    """Delete raw samples and roll-ups past their retention; returns (samples, roll-ups)."""
    now = now or utcnow()
    with session_scope(url) as session:
        raw = session.execute(
            delete(DeviceSample).where(DeviceSample.taken_at < now - timedelta(days=samples_days))
        )
        hourly = session.execute(
            delete(DeviceRollup).where(DeviceRollup.hour < now - timedelta(days=rollup_days))
        )
        return int(raw.rowcount or 0), int(hourly.rowcount or 0)  # type: ignore[attr-defined]
