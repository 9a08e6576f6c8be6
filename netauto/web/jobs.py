"""Runs started from a page or the API: a runbook in a background thread, its progress live.

A job calls a runbook of :mod:`netauto.runbooks` exactly as the command line does (the same
function, ``RunOptions(user=...)``) or fires a schedule (:func:`netauto.schedule.manage.run_now`);
its progress events and its end are published on the feed as ``progress`` and ``job`` events.
The run itself is recorded in the operations log like any other. Jobs live in this process
only (the last few are kept for the pages); the log is the record.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netauto.clock import utcnow
from netauto.exceptions import NetautoError, UsageError
from netauto.text import plural
from netauto.web.feed import Event, Feed

if TYPE_CHECKING:
    from netauto.engine.events import Progress
    from netauto.engine.report import RunReport
    from netauto.engine.session import Selection

# The quick actions: runbooks that only read routers.
QUICK_RUNBOOKS = ("check", "backup", "facts", "health")
log = logging.getLogger("netauto.web")


class TooBusy(UsageError):
    """Too many runs started from this server are still running."""


@dataclass
class Job:
    id: str
    runbook: str
    user: str
    target: dict[str, Any]  # the selection, or {"schedule": name}
    status: str = "running"  # running, finished, failed
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None
    done: int = 0
    total: int = 0
    failed: int = 0
    run_id: str | None = None
    summary: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        data["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        return data


def check_selection(config_file: Path, selection: Selection, user: str) -> None:
    """Refuse an unknown host or group, or an empty selection, before anything starts."""
    from netauto.runner import init_nornir
    from netauto.selection import select_hosts

    nr = init_nornir(config_file, record=False, user=user)
    select_hosts(nr, selection.hosts, selection.groups, selection.filters)


class Jobs:
    def __init__(self, config_file: Path, feed: Feed, *, limit: int = 4, keep: int = 50) -> None:
        self.config_file = config_file
        self.feed = feed
        self.limit = limit
        self.keep = keep
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, ident: str) -> Job | None:
        with self._lock:
            return self._jobs.get(ident)

    def recent(self) -> list[Job]:
        with self._lock:
            return list(reversed(self._jobs.values()))

    def _add(self, job: Job) -> None:
        with self._lock:
            running = sum(1 for each in self._jobs.values() if each.status == "running")
            if running >= self.limit:
                raise TooBusy(
                    f"busy: {plural(running, 'run')} started here still running; wait for one"
                )
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].status == "running":
                    break
                del self._jobs[oldest]

    def _publish(self, job: Job) -> None:
        self.feed.publish(Event("job", job.to_dict()))

    def _start(self, job: Job, work: Callable[[Job], RunReport | None]) -> Job:
        self._add(job)
        self._publish(job)

        def body() -> None:
            try:
                report = work(job)
            except NetautoError as exc:
                job.status, job.error = "failed", str(exc).splitlines()[0] if str(exc) else "error"
            except Exception:  # never kill the server for one run; the log has the details
                log.exception("web job %s (%s) crashed", job.id, job.runbook)
                job.status, job.error = "failed", "internal error (see the server log)"
            else:
                job.status = "finished"
                if report is not None:
                    job.run_id, job.summary = report.run_id, report.summary or report.note
                    job.counts = report.counts
            job.finished_at = utcnow()
            self._publish(job)

        threading.Thread(target=body, name=f"netauto-web-job-{job.id[:8]}", daemon=True).start()
        return job

    def _progress(self, job: Job) -> Callable[[Progress], None]:
        def on_event(event: Progress) -> None:
            job.done, job.total, job.failed = event.done, event.total, event.failed
            self.feed.publish(Event("progress", {"job": job.id, **event.to_dict()}))

        return on_event

    def run(self, runbook: str, selection: Selection, user: str) -> Job:
        """Start a quick action (``QUICK_RUNBOOKS``) on ``selection`` as ``user``."""
        from netauto import runbooks
        from netauto.engine.session import RunOptions

        if runbook not in QUICK_RUNBOOKS:
            raise UsageError(f"unknown quick action {runbook!r}; choose from {QUICK_RUNBOOKS}")
        function = getattr(runbooks, runbook)
        check_selection(self.config_file, selection, user)
        job = Job(uuid.uuid4().hex, runbook, user, selection.to_dict())

        def work(job: Job) -> RunReport:
            options = RunOptions(config=self.config_file, user=user, on_event=self._progress(job))
            report: RunReport = function(selection, options=options)
            return report

        return self._start(job, work)

    def fire(self, schedule: str, user: str) -> Job:
        """Fire a schedule now, once, as ``user`` (``netauto schedule run``)."""
        from netauto.schedule import manage

        job = Job(uuid.uuid4().hex, "schedule", user, {"schedule": schedule})

        def work(job: Job) -> RunReport | None:
            fired = manage.run_now(self.config_file, schedule, user=user)
            job.run_id = str(fired.run_id) if fired.run_id else None
            if fired.error is not None:
                raise fired.error
            return fired.report

        return self._start(job, work)
