"""Statistics over the operations log: counts per day and type, success rate, slowest hosts.

Days are UTC days, grouped in SQL on both backends (SQLite keeps UTC text, PostgreSQL a
timestamptz that is converted to UTC first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal_column, select
from sqlalchemy.orm import Session

from netauto.db.models import OperationLog
from netauto.db.queries import reading
from netauto.exceptions import UsageError


@dataclass(frozen=True)
class DayCount:
    day: str  # YYYY-MM-DD, UTC
    operation_type: str
    total: int
    success: int
    failed: int


@dataclass(frozen=True)
class HostTiming:
    host: str
    operations: int
    avg_ms: float
    max_ms: int


@dataclass(frozen=True)
class Stats:
    since: datetime
    days: int
    total: int
    success: int
    failed: int
    per_day: list[DayCount]
    slowest: list[HostTiming]

    @property
    def success_rate(self) -> float | None:
        """Successes among finished operations (running and pending ones do not count)."""
        finished = self.success + self.failed
        return self.success / finished if finished else None


def _utc_day(session: Session) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        # A literal, not a bound parameter: GROUP BY must repeat the exact SELECT expression.
        return func.date(func.timezone(literal_column("'UTC'"), OperationLog.created_at))
    return func.date(OperationLog.created_at)  # SQLite stores UTC text


def stats(url: str, *, days: int = 7, top: int = 5, now: datetime | None = None) -> Stats:
    """Counts per UTC day and operation type, success rate and the slowest hosts."""
    if days < 1:
        raise UsageError(f"{{days}} must be at least 1, got {days}", params=("days",))
    today = (
        (now or datetime.now(UTC))
        .astimezone(UTC)
        .replace(hour=0, minute=0, second=0, microsecond=0)
    )
    since = today - timedelta(days=days - 1)
    success = func.sum(case((OperationLog.status == "success", 1), else_=0))
    failed = func.sum(case((OperationLog.status == "failed", 1), else_=0))
    window = OperationLog.created_at >= since
    with reading(url) as session:
        day = _utc_day(session)
        per_day = [
            DayCount(str(row[0]), row[1], int(row[2]), int(row[3] or 0), int(row[4] or 0))
            for row in session.execute(
                select(day, OperationLog.operation_type, func.count(), success, failed)
                .where(window)
                .group_by(day, OperationLog.operation_type)
                .order_by(day, OperationLog.operation_type)
            )
        ]
        average = func.avg(OperationLog.execution_time_ms)
        slowest = [
            HostTiming(row[0], int(row[1]), float(row[2]), int(row[3]))
            for row in session.execute(
                select(
                    OperationLog.host,
                    func.count(),
                    average,
                    func.max(OperationLog.execution_time_ms),
                )
                .where(window, OperationLog.host.is_not(None))
                .where(OperationLog.execution_time_ms.is_not(None))
                .group_by(OperationLog.host)
                .order_by(average.desc(), OperationLog.host)
                .limit(top)
            )
        ]
    return Stats(
        since=since,
        days=days,
        total=sum(count.total for count in per_day),
        success=sum(count.success for count in per_day),
        failed=sum(count.failed for count in per_day),
        per_day=per_day,
        slowest=slowest,
    )
