"""Close what a dead process left ``running``: its runs, and their rows, as failed with why.

A run records its owner (pid and host, ``runs.owner_pid``/``owner_host``). A run still
``running`` whose owner is a process of this machine that no longer exists can never finish:
:func:`close_stale` closes it, and every row of it still ``running``, as ``failed`` with the
reason. The writer does this when it starts (every run on this machine tidies up after the
dead); ``netauto ops close-stale`` does it on demand, and with ``older_than`` also closes
runs of other machines (or of no recorded owner) that have run longer than that.
"""

from __future__ import annotations

import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError

from netauto.db.engine import error_text, get_engine, redacted_url
from netauto.db.models import OperationLog, Run
from netauto.db.types import utcnow
from netauto.exceptions import DatabaseError
from netauto.process import pid_alive

UNFINISHED = ("running", "pending")


@dataclass(frozen=True)
class ClosedRun:
    id: uuid.UUID
    runbook: str
    reason: str
    rows: int  # rows of the run closed with it


def _reason(run: Any, here: str, now: datetime, older_than: timedelta | None) -> str | None:
    pid, host = run.owner_pid, run.owner_host
    if pid and host == here:
        return None if pid_alive(pid) else f"closed: its process {pid} on {host} is gone"
    if older_than is not None and run.started_at <= now - older_than:
        owner = f"process {pid} on {host}" if pid and host else "an unrecorded process"
        return f"closed: still running after {older_than} (owner: {owner}, not checked)"
    return None


def close_stale(
    url: str, *, older_than: timedelta | None = None, now: datetime | None = None
) -> list[ClosedRun]:
    """Close the runs (and their unfinished rows) whose process is gone; returns them."""
    now = now or utcnow()
    here = socket.gethostname()
    closed: list[ClosedRun] = []
    try:
        with get_engine(url).begin() as connection:
            runs = connection.execute(select(Run).where(Run.status.in_(UNFINISHED))).all()
            for run in runs:
                reason = _reason(run, here, now, older_than)
                if reason is None:
                    continue
                rows = connection.execute(
                    update(OperationLog)
                    .where(OperationLog.run_id == run.id, OperationLog.status.in_(UNFINISHED))
                    .values(status="failed", error_message=reason, finished_at=now, updated_at=now)
                ).rowcount
                hosts = select(func.count(func.distinct(OperationLog.host))).where(
                    OperationLog.run_id == run.id, OperationLog.host.is_not(None)
                )
                total = int(connection.scalar(hosts) or 0)
                failed = int(connection.scalar(hosts.where(OperationLog.status == "failed")) or 0)
                connection.execute(
                    update(Run)
                    .where(Run.id == run.id, Run.status.in_(UNFINISHED))
                    .values(
                        status="failed",
                        finished_at=now,
                        error_message=reason,
                        hosts_total=total,
                        hosts_failed=failed,
                        hosts_ok=total - failed,
                    )
                )
                closed.append(ClosedRun(run.id, run.runbook, reason, rows))
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"cannot close stale runs in {redacted_url(url)}: {error_text(exc)}"
        ) from None
    return closed
