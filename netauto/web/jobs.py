"""Runs started from a page or the API: stored requests, run by a runner process, followed live.

A job is a run request (``project.run_requests``, :mod:`netauto.db.requests`): any declared
runbook (:mod:`netauto.engine.registry`) with its options checked by the declaration, or a
schedule fired now. The web only stores it, follows it and cancels it: a runner process
(``python -m netauto.scheduler --request ID``, :mod:`netauto.schedule.requests`) runs it
exactly as the command line does (the same function, ``RunOptions(user=...)``). The scheduler
starts a runner for each queued request at its next tick; when no scheduler runs here (no
fresh heartbeat), the web starts the runner itself. Either way the runner lives in its own
session: the run outlives the web server (killed, restarted, upgraded).

One watcher thread per web process follows the requests' rows while some are active and
publishes their changes on the feed as ``job`` and ``progress`` events. The run itself is
recorded in the operations log like any other.

A runbook that changes routers runs as a dry run. It commits only when asked with ``commit``
and the id of a finished dry run (``preview``): the same runbook, user, selection and
options, whose routers and diffs are still exactly those shown (as the chat's ``/commit``);
otherwise nothing is committed. Each dry run is committed at most once. A cancel (the page's
button, ``POST /api/jobs/ID/cancel``) stops the run as Ctrl-C stops ``netauto deploy``.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from netauto.clock import utcnow
from netauto.db.requests import parse_id
from netauto.db.rows import RunRequestRow
from netauto.exceptions import UsageError
from netauto.text import plural
from netauto.web.feed import Event, Feed

if TYPE_CHECKING:
    from netauto.engine.declaration import Runbook
    from netauto.engine.options import Selection
    from netauto.project import Project

log = logging.getLogger("netauto.web")
# How a runbook's quick-action button looks; any other runbook gets the default icon.
ICONS = {"check": "wifi", "backup": "download", "facts": "info-circle", "health": "heart-pulse"}
WATCH_POLL = 0.3
LOOK_BACK = timedelta(seconds=2)  # writers stamp rows with their own clock
STARTED_WITHIN = timedelta(seconds=30)  # a runner claims its request within this, or another starts


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
    """Too many runs started from the web are still running."""


Job = RunRequestRow


def _jsonable(arguments: Mapping[str, Any]) -> dict[str, Any]:
    return dict(json.loads(json.dumps(dict(arguments), default=str)))


class Jobs:
    def __init__(self, project: Project, feed: Feed, *, limit: int = 4, keep: int = 50) -> None:
        self.project = project
        self.requests = project.run_requests
        self.config_file = project.config_file
        self.feed = feed
        self.limit = limit
        self.keep = keep
        self._lock = threading.Lock()
        self._watcher: threading.Thread | None = None
        self._shown: dict[uuid.UUID, tuple[Any, ...]] = {}

    def get(self, ident: str) -> Job | None:
        found = parse_id(ident)
        return self.requests.get(found) if found is not None else None

    def recent(self) -> list[Job]:
        self._settle()
        return self.requests.recent(self.keep)

    def _settle(self) -> None:
        """Close the requests whose runner died here; start a runner for those still queued
        a while after they were asked for (their web died before it started one) when no
        scheduler runs to do it."""
        from netauto.process import pid_alive

        self.requests.settle_gone(pid_alive)
        if self._scheduler_beats():
            return
        for ident in self.requests.queued(before=utcnow() - STARTED_WITHIN):
            self._launch(ident)

    def _scheduler_beats(self) -> bool:
        beat = self.project.scheduler_beat()
        return beat is not None and beat.fresh(utcnow())

    def _launch(self, ident: uuid.UUID) -> None:
        from netauto.logs import current_format
        from netauto.schedule.requests import launch

        launch(self.config_file, ident, wait=True, log_format=current_format())

    def _enqueue(
        self,
        runbook: str,
        user: str,
        target: Mapping[str, Any],
        *,
        options: Mapping[str, Any] | None = None,
        arguments: Mapping[str, Any] | None = None,
        preview: uuid.UUID | None = None,
    ) -> Job:
        self._settle()
        running = self.requests.active_count()
        if running >= self.limit:
            raise TooBusy(
                f"busy: {plural(running, 'run')} started from the web still running; wait for one"
            )
        job = self.requests.enqueue(
            runbook=runbook,
            username=user,
            target=target,
            options=_jsonable(options or {}),
            arguments=_jsonable(arguments or {}),
            preview=preview,
        )
        self._publish(job)
        self._kick(job)
        self._watch()
        return job

    def _kick(self, job: Job) -> None:
        """Start a runner now unless a live scheduler will at its next tick."""
        if not self._scheduler_beats():
            self._launch(job.id)

    def _publish(self, job: Job) -> None:
        self.feed.publish(Event("job", job.to_json()))

    def _watch(self) -> None:
        with self._lock:
            if self._watcher is not None and self._watcher.is_alive():
                return
            self._watcher = threading.Thread(
                target=self._follow, name="netauto-web-jobs", daemon=True
            )
            self._watcher.start()

    def _follow(self) -> None:
        """Publish the requests' changes while some are active; then stop (the next
        request starts it again)."""
        since: datetime = utcnow() - LOOK_BACK
        stop = threading.Event()
        while not stop.wait(WATCH_POLL):
            try:
                now = utcnow()
                changed = self.requests.changed_since(since)
                since = now - LOOK_BACK
                for job in changed:
                    self._changed(job)
                if not self.requests.active_count() and not changed:
                    with self._lock:
                        self._watcher = None
                    return
            except Exception:  # the database away for a moment: the next poll retries
                log.debug("jobs watcher: poll failed", exc_info=True)

    def _changed(self, job: Job) -> None:
        key = (job.state, job.cancel, job.done, job.total, job.failed)
        before = self._shown.get(job.id)
        if before == key:
            return
        self._shown[job.id] = key
        if len(self._shown) > 4 * self.keep:
            self._shown.pop(next(iter(self._shown)))
        if key[2:] != (before or (*key[:2], 0, 0, 0))[2:]:
            kind = "host" if job.done else "started"
            progress = {"job": job.id.hex, "kind": kind, "task": job.runbook, "done": job.done}
            self.feed.publish(
                Event("progress", {**progress, "total": job.total, "failed": job.failed})
            )
        if before is None or before[:2] != key[:2]:
            self._publish(job)

    def run(
        self,
        runbook: Runbook,
        selection: Selection,
        user: str,
        arguments: Mapping[str, Any],
        *,
        options: Mapping[str, Any] | None = None,
        preview: str | None = None,
    ) -> Job:
        """Ask for ``runbook`` on ``selection`` as ``user`` with ``arguments`` (checked by
        its declaration from the client's ``options``); what the run would refuse at once is
        refused now."""
        from netauto.engine.precheck import check_run

        shown = self._previewed(runbook, selection, user, arguments, preview)
        check_run(runbook, selection, arguments, self.project.settings, user=user)
        return self._enqueue(
            runbook.name,
            user,
            selection.to_dict(),
            options=options if options is not None else arguments,
            arguments=arguments,
            preview=shown,
        )

    def _previewed(
        self,
        runbook: Runbook,
        selection: Selection,
        user: str,
        arguments: Mapping[str, Any],
        preview: str | None,
    ) -> uuid.UUID | None:
        """For a commit: its finished dry run (``preview``), checked to be the same run."""
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
        ident = parse_id(preview)
        shown = self.requests.get(ident) if ident is not None else None
        if shown is None or ident is None or not self.requests.has_diffs(ident):
            raise UsageError(f"no finished dry run {preview!r}: run it again")
        if (shown.runbook, shown.user, shown.target, shown.options) != (
            runbook.name,
            user,
            selection.to_dict(),
            _jsonable(dry),
        ):
            raise UsageError(f"dry run {preview} was another runbook, user, selection or options")
        if not shown.would_change:
            raise UsageError(f"dry run {preview}: nothing would change, nothing to commit")
        return ident

    def fire(self, schedule: str, user: str) -> Job:
        """Fire a schedule now, once, as ``user`` (``netauto schedule run``)."""
        from netauto.schedule.requests import SCHEDULE

        return self._enqueue(SCHEDULE, user, {"schedule": schedule})

    def cancel(self, ident: str) -> Job | None:
        """Stop a job: a queued one at once, a running one as Ctrl-C stops the CLI's."""
        found = parse_id(ident)
        job = self.requests.cancel(found) if found is not None else None
        if job is not None:
            self._publish(job)
            self._watch()
        return job
