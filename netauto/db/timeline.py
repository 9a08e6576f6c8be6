"""Operations per UTC day and status: the dashboard's timeline, and a cache of closed days.

Counting a week means reading every row of the week (``idx_operations_created_at``): with
millions of rows that is most of a dashboard's time. Days before today rarely change, so
:class:`TimelineCache` keeps their counts and reads only today's rows, as long as nothing
changed in the closed days: one probe of
``idx_operations_updated_at`` for rows written since the counts were taken (with a look-back
for writers' batches) whose ``created_at`` falls before today. Rows that change the past
without that trace (a spool replayed hours later stamps its rows with their old times, a
deletion) are caught by the cache's ``ttl``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netauto.db.models import OPERATION_STATUSES, OperationLog
from netauto.db.stats import _utc_day


@dataclass(frozen=True)
class TimelineDay:
    day: str  # YYYY-MM-DD, UTC
    counts: dict[str, int]  # every status of OPERATION_STATUSES, zeros included


def _start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def count_days(session: Session, since: date) -> dict[str, dict[str, int]]:
    """{day: {status: count}} of the operations created from ``since`` (a UTC day) on."""
    day = _utc_day(session)
    rows = session.execute(
        select(day, OperationLog.status, func.count())
        .where(OperationLog.created_at >= _start(since))
        .group_by(day, OperationLog.status)
    ).all()
    found: dict[str, dict[str, int]] = {}
    for when, status, count in rows:
        found.setdefault(str(when), {})[status] = int(count)
    return found


def _days(first: date, days: int, found: dict[str, dict[str, int]]) -> list[TimelineDay]:
    result = []
    for offset in range(days):
        key = (first + timedelta(days=offset)).isoformat()
        counts = dict.fromkeys(OPERATION_STATUSES, 0)
        counts.update(found.get(key, {}))
        result.append(TimelineDay(key, counts))
    return result


def timeline(session: Session, days: int, now: datetime | None = None) -> list[TimelineDay]:
    """The last ``days`` UTC days, today included, every row counted."""
    today = (now or datetime.now(UTC)).astimezone(UTC).date()
    first = today - timedelta(days=days - 1)
    return _days(first, days, count_days(session, first))


class TimelineCache:
    """Counts of closed days, per database, kept while nothing changed them (and ``ttl``)."""

    def __init__(self, ttl: float = 600.0, lookback: timedelta = timedelta(seconds=60)) -> None:
        self.ttl = ttl
        self.lookback = lookback
        self._lock = threading.Lock()
        # (first day, today) -> (counts of the closed days, taken at, monotonic expiry)
        self._kept: dict[tuple[date, date], tuple[dict[str, dict[str, int]], datetime, float]]
        self._kept = {}

    def _changed(self, session: Session, since: datetime, today: date) -> bool:
        probe = (
            select(OperationLog.id)
            .where(
                OperationLog.updated_at >= since - self.lookback,
                OperationLog.created_at < _start(today),
            )
            .limit(1)
        )
        return session.execute(probe).first() is not None

    def timeline(
        self, session: Session, days: int, now: datetime | None = None
    ) -> list[TimelineDay]:
        taken = (now or datetime.now(UTC)).astimezone(UTC)
        today = taken.date()
        first = today - timedelta(days=days - 1)
        with self._lock:
            kept = self._kept.get((first, today))
        if (
            kept is not None
            and time.monotonic() < kept[2]
            and not self._changed(session, kept[1], today)
        ):
            found = {**kept[0], **count_days(session, today)}
            return _days(first, days, found)
        found = count_days(session, first)
        closed = {day: counts for day, counts in found.items() if day < today.isoformat()}
        with self._lock:
            self._kept = {(first, today): (closed, taken, time.monotonic() + self.ttl)}
        return _days(first, days, found)
