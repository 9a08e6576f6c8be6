"""Close what a dead process left ``running``: its runs, and their rows, as failed with why.

A run records its owner (pid and host, ``runs.owner_pid``/``owner_host``). A run still
``running`` whose owner is a process of this machine that no longer exists can never finish:
:func:`close_stale` closes it, and every row of it still ``running``, as ``failed`` with the
reason. The writer does this when it starts (every run on this machine tidies up after the
dead); ``netauto ops close-stale`` does it on demand, and with ``older_than`` also closes
runs of other machines (or of no recorded owner) that have run longer than that. On demand
it also closes rows left ``running`` in runs already closed (a worker killed after its
caller gave up), whose process is gone likewise.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from netauto.clock import utcnow
from netauto.db.direct import Database, connected
from netauto.db.upserts import UNFINISHED_SQL
from netauto.process import pid_alive


def _found(row: Sequence[Any]) -> _Found:
    """A ``runs`` row (id, runbook, owner_pid, owner_host, started_at) as read back."""
    run_id, runbook, pid, host, started = row
    return _Found(
        Database.read_id(run_id),  # type: ignore[arg-type]
        runbook,
        pid,
        host,
        Database.read_time(started),  # type: ignore[arg-type]
    )


def _fail_rows(database: Database, run_id: Any, reason: str, at: Any) -> int:
    """Fail the run's unfinished operations rows with ``reason``; how many there were."""
    return database.execute(
        "UPDATE operations_log SET status = 'failed', error_message = ?, "
        "finished_at = ?, updated_at = ? "
        f"WHERE run_id = ? AND status IN ({UNFINISHED_SQL})",
        (reason, at, at, run_id),
    )


@dataclass(frozen=True)
class _Found:
    id: uuid.UUID
    runbook: str
    owner_pid: int | None
    owner_host: str | None
    started_at: datetime


@dataclass(frozen=True)
class ClosedRun:
    id: uuid.UUID
    runbook: str
    reason: str
    rows: int  # rows of the run closed with it


def _reason(run: _Found, here: str, now: datetime, older_than: timedelta | None) -> str | None:
    pid, host = run.owner_pid, run.owner_host
    if pid and host == here:
        return None if pid_alive(pid) else f"closed: its process {pid} on {host} is gone"
    if older_than is not None and run.started_at <= now - older_than:
        owner = f"process {pid} on {host}" if pid and host else "an unrecorded process"
        return f"closed: still running after {older_than} (owner: {owner}, not checked)"
    return None


def close_stale(
    url: str,
    *,
    older_than: timedelta | None = None,
    now: datetime | None = None,
    database: Database | None = None,
    orphans: bool = False,
) -> list[ClosedRun]:
    """Close the runs (and their unfinished rows) whose process is gone; returns them.

    ``database``: an open connection to ``url`` to use (the writer's own). ``orphans``: also
    the unfinished rows of runs already closed (a scan of the log: ``ops close-stale`` only,
    not every run's writer)."""
    now = now or utcnow()
    here = socket.gethostname()
    closed: list[ClosedRun] = []
    with connected(url, "close stale runs", database) as database:
        at = database.bind_time(now)
        runs = database.rows(
            "SELECT id, runbook, owner_pid, owner_host, started_at FROM runs "
            f"WHERE status IN ({UNFINISHED_SQL})"
        )
        for row in runs:
            run = _found(row)
            reason = _reason(run, here, now, older_than)
            if reason is None:
                continue
            bound = database.bind_id(run.id)
            rows = _fail_rows(database, bound, reason, at)
            ((total, failed),) = database.rows(
                "SELECT COUNT(DISTINCT host), "
                "COUNT(DISTINCT CASE WHEN status = 'failed' THEN host END) "
                "FROM operations_log WHERE run_id = ? AND host IS NOT NULL",
                (bound,),
            )
            database.execute(
                "UPDATE runs SET status = 'failed', finished_at = ?, error_message = ?, "
                "hosts_total = ?, hosts_failed = ?, hosts_ok = ? "
                f"WHERE id = ? AND status IN ({UNFINISHED_SQL})",
                (at, reason, total, failed, total - failed, bound),
            )
            closed.append(ClosedRun(run.id, run.runbook, reason, rows))
        if orphans:
            closed.extend(_orphans(database, here, now, older_than))
    return closed


def _orphans(
    database: Database, here: str, now: datetime, older_than: timedelta | None
) -> list[ClosedRun]:
    """Rows still ``running`` of runs already closed (a scheduler stopped with no grace
    closes its fire's run while the fire's rows are in flight): closed once its process is
    gone, or with ``older_than``, as for runs."""
    at = database.bind_time(now)
    closed: list[ClosedRun] = []
    runs = database.rows(
        "SELECT id, runbook, owner_pid, owner_host, started_at FROM runs "
        f"WHERE status NOT IN ({UNFINISHED_SQL}) AND id IN (SELECT run_id FROM operations_log "
        f"WHERE status IN ({UNFINISHED_SQL}) AND run_id IS NOT NULL)"
    )
    for row in runs:
        run = _found(row)
        reason = _reason(run, here, now, older_than)
        if reason is None:
            continue
        reason = f"{reason} (its run had ended before this row)"
        rows = _fail_rows(database, database.bind_id(run.id), reason, at)
        closed.append(ClosedRun(run.id, run.runbook, reason, rows))
    return closed
