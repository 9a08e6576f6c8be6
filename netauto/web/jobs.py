"""Runs started from a page or the API: a runbook in a background thread, its progress live.

A job calls any declared runbook (:mod:`netauto.engine.registry`) exactly as the command line
does (the same function, ``RunOptions(user=...)``), its options checked by the declaration,
or fires a schedule (:func:`netauto.schedule.manage.run_now`); its progress events and its end
are published on the feed as ``progress`` and ``job`` events. The run itself is recorded in
the operations log like any other. Jobs live in this process only (the last few are kept for
the pages); the log is the record.

A runbook that changes routers runs as a dry run. It commits only when asked with ``commit``
and the id of a finished dry run of this server (``preview``): the same runbook, user,
selection and options, whose routers and diffs are still exactly those shown (as the chat's
``/commit``); otherwise nothing is committed. Each dry run is committed at most once.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from netauto.clock import utcnow
from netauto.exceptions import NetautoError, UsageError
from netauto.text import plural
from netauto.web.feed import Event, Feed

if TYPE_CHECKING:
    from netauto.engine.change import Confirm
    from netauto.engine.declaration import Runbook
    from netauto.engine.events import Progress
    from netauto.engine.session import Selection
    from netauto.project import Project
    from netauto.report import RunReport

log = logging.getLogger("netauto.web")
# How a runbook's quick-action button looks; any other runbook gets the default icon.
ICONS = {"check": "wifi", "backup": "download", "facts": "info-circle", "health": "heart-pulse"}


def quick_actions() -> list[tuple[str, str, str]]:
    """(name, summary, icon) of the runbooks a button starts on a selection: they only read
    routers and need no option."""
    from netauto.engine.registry import declared

    return [
        (runbook.name, runbook.summary, ICONS.get(runbook.name, "play-circle"))
        for runbook in declared().values()
        if not runbook.changes_routers and not any(param.required for param in runbook.params)
    ]


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
    options: dict[str, Any] = field(default_factory=dict)
    # A dry run of a runbook that changes routers: the routers that would change.
    would_change: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        data["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        return data


class Jobs:
    def __init__(self, project: Project, feed: Feed, *, limit: int = 4, keep: int = 50) -> None:
        self.project = project
        self.config_file = project.config_file
        self.feed = feed
        self.limit = limit
        self.keep = keep
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._previews: dict[str, dict[str, str]] = {}  # dry run job -> host -> masked diff
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
                self._previews.pop(oldest, None)

    def _publish(self, job: Job) -> None:
        self.feed.publish(Event("job", job.to_dict()))

    def _start(self, job: Job, work: Callable[[Job], RunReport | None]) -> Job:
        self._add(job)
        self._publish(job)

        def body() -> None:
            report: RunReport | None = None
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
            _log(job, report if job.status == "finished" else None)

        threading.Thread(target=body, name=f"netauto-web-job-{job.id[:8]}", daemon=True).start()
        return job

    def _progress(self, job: Job) -> Callable[[Progress], None]:
        def on_event(event: Progress) -> None:
            job.done, job.total, job.failed = event.done, event.total, event.failed
            self.feed.publish(Event("progress", {"job": job.id, **event.to_dict()}))

        return on_event

    def run(
        self,
        runbook: Runbook,
        selection: Selection,
        user: str,
        arguments: Mapping[str, Any],
        *,
        preview: str | None = None,
    ) -> Job:
        """Start ``runbook`` on ``selection`` as ``user`` with ``arguments`` (checked by its
        declaration, remote); what the run would refuse at once is refused now."""
        from netauto.engine.precheck import check_run
        from netauto.engine.session import RunOptions

        confirm = self._previewed(runbook, selection, user, arguments, preview)
        check_run(runbook, selection, arguments, self.project.settings, user=user)
        function = runbook.load()
        job = Job(
            uuid.uuid4().hex, runbook.name, user, selection.to_dict(), options=dict(arguments)
        )
        dry_change = runbook.changes_routers and not runbook.commits(arguments)

        def work(job: Job) -> RunReport:
            options = RunOptions(config=self.config_file, user=user, on_event=self._progress(job))
            extra = {"confirm": confirm} if runbook.changes_routers else {}
            report: RunReport = function(selection, **arguments, **extra, options=options)
            if dry_change:
                diffs = {o.host: o.diff for o in report.hosts if o.diff and not o.failed}
                with self._lock:
                    self._previews[job.id] = diffs
                job.would_change = sorted(diffs)
            if report.declined:
                raise UsageError(
                    "the routers or their diffs are no longer those of the dry run: nothing "
                    "was committed; run the dry run again"
                )
            return report

        return self._start(job, work)

    def _previewed(
        self,
        runbook: Runbook,
        selection: Selection,
        user: str,
        arguments: Mapping[str, Any],
        preview: str | None,
    ) -> Confirm | None:
        """For a commit: the confirm callback of its dry run (``preview``), used up."""
        from netauto.engine.preview import as_previewed

        if not runbook.commits(arguments):
            if preview is not None:
                raise UsageError("preview goes with {commit}", params=("commit",))
            return None
        if preview is None:
            raise UsageError(
                "a commit from the web commits what its dry run showed: run it without "
                "{commit} first, then send that job's id as preview",
                params=("commit",),
            )
        dry = {
            name: value
            for name, value in arguments.items()
            if name != "commit" and not getattr(runbook.param(name), "with_commit", False)
        }
        with self._lock:
            shown = self._jobs.get(preview)
            if shown is None or preview not in self._previews:
                raise UsageError(f"no finished dry run {preview!r} on this server: run it again")
            if (shown.runbook, shown.user, shown.target, shown.options) != (
                runbook.name,
                user,
                selection.to_dict(),
                dry,
            ):
                raise UsageError(
                    f"dry run {preview} was another runbook, user, selection or options"
                )
            diffs = self._previews.pop(preview)  # one commit per dry run
        if not diffs:
            raise UsageError(f"dry run {preview}: nothing would change, nothing to commit")
        return as_previewed(diffs)

    def fire(self, schedule: str, user: str) -> Job:
        """Fire a schedule now, once, as ``user`` (``netauto schedule run``)."""
        from netauto.schedule import manage

        job = Job(uuid.uuid4().hex, "schedule", user, {"schedule": schedule})

        def work(job: Job) -> RunReport | None:
            fired = manage.run_now(self.project.acting_as(user), schedule)
            job.run_id = str(fired.run_id) if fired.run_id else None
            if fired.error is not None:
                raise fired.error
            return fired.report

        return self._start(job, work)


def _log(job: Job, report: RunReport | None) -> None:
    """The end of a run started here, and each router it failed on (JSON logs' fields)."""
    extra: dict[str, Any] = {
        "run_id": job.run_id,
        "user": job.user,
        "duration": (job.finished_at - job.started_at).total_seconds() if job.finished_at else None,
    }
    outcome = job.error or job.summary or job.status
    log.info("web run of %s by %s: %s", job.runbook, job.user, outcome, extra=extra)
    for host in report.hosts if report is not None else []:
        if host.failed:
            detail = host.detail or host.status
            log.warning(
                "web run of %s: %s failed: %s", job.runbook, host.host, detail,
                extra={**extra, "router": host.host},
            )  # fmt: skip
