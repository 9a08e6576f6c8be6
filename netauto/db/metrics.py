"""netauto's own figures for ``/metrics``: runs by runbook and status, run durations, schedules.

Bounded reads: one GROUP BY over ``runs`` (``idx_runs_runbook``), the newest finished run of
each runbook, and the active schedules' next fire times.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select

from netauto.clock import utcnow
from netauto.db.models import AutomationTask, Run
from netauto.db.queries import reading


@dataclass(frozen=True)
class RunFigures:
    by_status: dict[tuple[str, str], int] = field(default_factory=dict)  # (runbook, status)
    last_duration: dict[str, float] = field(default_factory=dict)  # runbook -> seconds
    duration_sum: dict[str, float] = field(default_factory=dict)  # runbook -> seconds, last day
    duration_count: dict[str, int] = field(default_factory=dict)
    scheduler_lag_seconds: float = 0.0  # the most overdue active schedule, 0 if none


def run_figures(url: str, *, now: datetime | None = None) -> RunFigures:
    """Counts of every run by runbook and status; durations of the last day's runs."""
    now = now or utcnow()
    figures = RunFigures()
    with reading(url) as session:
        for runbook, status, count in session.execute(
            select(Run.runbook, Run.status, func.count()).group_by(Run.runbook, Run.status)
        ):
            figures.by_status[(runbook, status)] = int(count)
        finished = session.execute(
            select(Run.runbook, Run.started_at, Run.finished_at)
            .where(Run.finished_at.is_not(None), Run.started_at >= now - timedelta(days=1))
            .order_by(Run.started_at)
        )
        for runbook, started, ended in finished:
            if ended is None:
                continue
            seconds = max(0.0, (ended - started).total_seconds())
            figures.last_duration[runbook] = seconds
            figures.duration_sum[runbook] = figures.duration_sum.get(runbook, 0.0) + seconds
            figures.duration_count[runbook] = figures.duration_count.get(runbook, 0) + 1
        overdue = session.scalar(
            select(func.min(AutomationTask.next_run)).where(
                AutomationTask.is_active.is_(True), AutomationTask.next_run < now
            )
        )
    if overdue is not None:
        return replace(figures, scheduler_lag_seconds=(now - overdue).total_seconds())
    return figures
