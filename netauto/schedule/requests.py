"""A run request (``run_requests``) executed: the runbook called as the command line does.

The web, the API and chat store a request (:func:`netauto.db.requests.enqueue`); a runner
process, ``python -m netauto.scheduler --request ID`` (started by the scheduler at its next
tick, or by the web when no scheduler runs), claims it and calls :func:`execute` in its main
thread. The run outlives the web server that asked for it.

Progress events and the outcome are written to the request's row, which the web follows. A
cancel asked for from the page sets the row's ``cancel`` flag; a watcher thread here then
sends this process SIGINT, and the run stops exactly as ``netauto deploy`` does on Ctrl-C
(:mod:`netauto.interrupt`): routers not yet committed are not touched, a router whose commit
has begun is rolled back, the run is closed as failed. The request ends ``cancelled``.

A runbook that changes routers runs as a dry run unless the request commits; a commit
commits only the plan its dry run (``preview``) showed, each router's diff as shown
(:func:`netauto.engine.preview.as_previewed`).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netauto.db import requests as store
from netauto.exceptions import Interrupted, NetautoError, UsageError

if TYPE_CHECKING:
    from netauto.engine.events import Progress
    from netauto.project import Project
    from netauto.report import RunReport

log = logging.getLogger("netauto.web")
CANCEL_POLL = 0.3
SCHEDULE = "schedule"  # the runbook name of a request that fires a schedule now


class _Watch:
    """Follows the request's cancel flag; on a cancel, SIGINT to this process (once)."""

    def __init__(self, url: str, ident: uuid.UUID) -> None:
        self.url, self.ident = url, ident
        self.stop = threading.Event()
        self.cancelled = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name="netauto-cancel", daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(CANCEL_POLL):
            try:
                asked = store.cancel_asked(self.url, self.ident)
            except Exception:  # the database away for a moment: ask again
                continue
            with self.lock:  # never a signal once the run is over (__exit__)
                if not asked or self.stop.is_set():
                    continue
                self.cancelled = True
                log.info("run request %s: cancel asked, stopping", self.ident.hex[:8])
                os.kill(os.getpid(), signal.SIGINT)
                return

    def __enter__(self) -> _Watch:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        with self.lock:
            self.stop.set()


def _progress(url: str, ident: uuid.UUID) -> Any:
    def on_event(event: Progress) -> None:
        try:
            store.progress(url, ident, done=event.done, total=event.total, failed=event.failed)
        except Exception:  # progress is best effort; the outcome is written at the end
            log.debug("run request %s: progress not written", ident, exc_info=True)

    return on_event


def _runbook(
    project: Project, ident: uuid.UUID, row: Any
) -> tuple[RunReport, dict[str, str] | None]:
    """Run the request's runbook; the report and, for a dry change, each router's diff."""
    from netauto.engine.options import RunOptions, Selection
    from netauto.engine.preview import as_previewed
    from netauto.engine.registry import find

    found = store.stored(project.url, ident)
    assert found is not None
    options, preview = found
    runbook = find(row.runbook)
    arguments = runbook.accept(options, remote=True)
    confirm = None
    if runbook.commits(arguments):
        diffs = store.take_diffs(project.url, preview) if preview is not None else None
        if not diffs:
            raise UsageError("its dry run was already committed or is gone: run it again")
        confirm = as_previewed(diffs)
    target = row.target
    selection = Selection(
        tuple(target.get("hosts") or ()),
        tuple(target.get("groups") or ()),
        dict(target.get("filters") or {}),
    )
    run_options = RunOptions(
        config=project.config_file, user=row.user, on_event=_progress(project.url, ident)
    )
    extra = {"confirm": confirm} if runbook.changes_routers else {}
    report: RunReport = runbook.load()(selection, **arguments, **extra, options=run_options)
    shown: dict[str, str] | None = None
    if runbook.changes_routers and not runbook.commits(arguments):
        shown = {o.host: o.diff for o in report.hosts if o.diff and not o.failed}
    if report.declined:
        raise UsageError(
            "the routers or their diffs are no longer those of the dry run: nothing "
            "was committed; run the dry run again"
        )
    return report, shown


def _fire(project: Project, row: Any) -> RunReport | None:
    from netauto.schedule import manage

    fired = manage.run_now(project.acting_as(row.user), row.target["schedule"])
    if fired.error is not None:
        raise fired.error
    return fired.report


def execute(project: Project, ident: uuid.UUID) -> str | None:
    """Claim request ``ident`` and run it here (the main thread); its final state, None
    when another runner has it (or it was cancelled before it started)."""
    from netauto.interrupt import stop_on_signals

    url = project.url
    if not store.claim(url, ident, store.holder_name()):
        return None
    row = store.get(url, ident)
    assert row is not None
    report: RunReport | None = None
    shown: dict[str, str] | None = None
    state, error = "finished", None
    watch = _Watch(url, ident)
    try:
        with stop_on_signals(), watch:
            if row.runbook == SCHEDULE:
                report = _fire(project, row)
            else:
                report, shown = _runbook(project, ident, row)
    except Interrupted as exc:
        state, error = "failed", str(exc).splitlines()[0]
    except NetautoError as exc:
        state, error = "failed", str(exc).splitlines()[0] if str(exc) else "error"
    except Exception:  # recorded, never left running; the log has the details
        log.exception("run request %s (%s) crashed", ident, row.runbook)
        state, error = "failed", "internal error (see the runner's log)"
    if watch.cancelled:
        state = "cancelled"
        error = (error or "cancelled").replace("interrupted by SIGINT", "cancelled")
        if report is not None and report.interrupted:
            error = "cancelled: routers in hand rolled back, the others not touched"
    elif report is not None and report.interrupted:
        state, error = "failed", f"interrupted by {report.interrupted}"
    store.finish(
        url,
        ident,
        state=state,
        run_id=uuid.UUID(report.run_id) if report is not None and report.run_id else None,
        summary=(report.summary or report.note) if report is not None else None,
        counts=report.counts if report is not None else None,
        error=error,
        would_change=sorted(shown) if shown is not None else None,
        diffs=shown,
    )
    _log(row, state, error, report)
    return state


def launch(
    config_file: Path, ident: uuid.UUID, *, wait: bool = False, log_format: str | None = None
) -> subprocess.Popen[bytes]:
    """Start a runner process for request ``ident``: its own session (a signal to the
    caller, or the caller's death, leaves it running), its log (``log_format``, default
    ``NETAUTO_LOG_FORMAT``) appended to ``.netauto/runs.log`` beside the config.
    ``wait``: a thread reaps it when it ends."""
    folder = config_file.parent / ".netauto"
    folder.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "netauto.scheduler", "--config", str(config_file)]
    args += ["--log-format", log_format] if log_format else []
    # The runner imports what this process imports (runbooks of packages it was given).
    path = [entry for entry in sys.path if entry and Path(entry).is_dir()]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(path))}
    with (folder / "runs.log").open("ab") as output:
        child = subprocess.Popen(
            [*args, "--request", ident.hex],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            start_new_session=True,
            close_fds=True,
            env=env,
        )
    if wait:
        threading.Thread(target=child.wait, name="netauto-runner-reaper", daemon=True).start()
    return child


def _log(row: Any, state: str, error: str | None, report: RunReport | None) -> None:
    """The end of the request, and each router it failed on (JSON logs' fields)."""
    from netauto.clock import utcnow

    extra: dict[str, Any] = {
        "run_id": report.run_id if report is not None else None,
        "user": row.user,
        "duration": round((utcnow() - row.started_at).total_seconds(), 3),
    }
    summary = report.summary or report.note if report is not None else None
    outcome = error or summary or state
    log.info("web run of %s by %s: %s", row.runbook, row.user, outcome, extra=extra)
    for host in report.hosts if report is not None else []:
        if host.failed:
            log.warning(
                "web run of %s: %s failed: %s", row.runbook, host.host, host.detail or host.status,
                extra={**extra, "router": host.host},
            )  # fmt: skip
