"""One fire of a schedule: its runbook called through the runbook API, the outcome kept.

The caller holds the schedule's lease (the scheduler's claim, or ``netauto schedule run``).
The run is exactly the one the command line makes: the same function, the schedule's
selection and options, ``RunOptions(user=..., schedule_id=...)`` so that the ``runs`` row is
linked to the schedule. A change runbook commits without asking (``confirm=None``), under
the per-router locks like any run. Whatever happens, the fire ends as a linked run and the
schedule's ``last_status`` / ``last_error`` / ``last_run_id``, and the lease is released.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from netauto.clock import utcnow
from netauto.db import fires as record
from netauto.exceptions import NetautoError, PermissionDenied
from netauto.schedule import lease
from netauto.schedule.runbooks import needed, runbook
from netauto.schedule.store import Schedule
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.project import Project
    from netauto.report import RunReport

log = logging.getLogger("netauto.schedule")


@dataclass
class Fired:
    """How a fire went: the runbook's report, or the error that stopped it."""

    schedule: Schedule
    status: str  # "success" or "failed"
    run_id: uuid.UUID | None
    report: RunReport | None = None
    error: NetautoError | None = None

    @property
    def reason(self) -> str | None:
        if self.error is not None:
            return str(self.error).splitlines()[0] if str(self.error) else type(self.error).__name__
        if self.report is not None and self.report.failed:
            failed = [outcome for outcome in self.report.hosts if outcome.failed]
            first = f"{failed[0].host}: {failed[0].detail}"
            hosts = plural(len(self.report.hosts), "host")
            return f"{len(failed)} of {hosts} failed ({first})"[:500]
        return None


def refusal(project: Project, schedule: Schedule, user: str | None) -> str | None:
    """Why the schedule may not fire now: no user, or its user may no longer change routers."""
    from netauto.auth import Permission, user_can

    if not user:
        return f"schedule {schedule.name} has no user to run as; edit it to set one"
    permission = needed(schedule.runbook, schedule.options)
    if not project.settings.auth_enforce or permission == Permission.READ:
        return None
    if user_can(project.url, schedule.user_id, permission):
        return None
    if permission == Permission.CHANGE:
        return (
            f"schedule {schedule.name} commits changes and its user {schedule.owner or '?'} "
            "may no longer change routers (needs the operator role)"
        )
    return (
        f"schedule {schedule.name} runs {schedule.runbook}, which needs the {permission} "
        f"permission, and its user {schedule.owner or '?'} no longer has it"
    )


def _call(project: Project, schedule: Schedule, user: str) -> RunReport:
    from netauto.engine.options import RunOptions

    function = runbook(schedule.runbook)
    options = RunOptions(config=project.config_file, user=user, schedule_id=schedule.id)
    report: RunReport = function(schedule.selection, **schedule.options, options=options)
    return report


def fire(
    project: Project,
    schedule: Schedule,
    *,
    user: str | None,
    holder: str,
    abandoned: threading.Event | None = None,
) -> Fired:
    """Run ``schedule`` once as ``user``; record the outcome and release the lease.

    When ``abandoned`` is set by the time the runbook returns, the scheduler has already
    recorded this fire as failed (it stopped without waiting): nothing more is written.
    """
    url = project.url
    started = utcnow()
    fired = Fired(schedule, "failed", None)
    try:
        refused = refusal(project, schedule, user)
        if refused is not None:
            raise PermissionDenied(refused)
        assert user  # refusal() names a missing user
        fired.report = _call(project, schedule, user)
        fired.status = "failed" if fired.report.failed else "success"
        fired.run_id = uuid.UUID(fired.report.run_id) if fired.report.run_id else None
    except NetautoError as exc:
        fired.error = exc
    except Exception as exc:  # a bug in one fire must not stop the scheduler
        if abandoned is None or not abandoned.is_set():  # else: the interpreter is leaving
            log.exception("schedule %s: unexpected error", schedule.name)
        fired.error = NetautoError(f"unexpected error: {type(exc).__name__}: {exc}")
    if abandoned is not None and abandoned.is_set():
        return fired
    if fired.error is not None:
        reason = fired.reason or "failed"
        opened = record.started_run(url, schedule.id, started)
        if opened is not None:
            record.fail_run(url, opened, reason)
            fired.run_id = opened
        else:
            fired.run_id = record.fire_run(
                url, schedule, status="failed", reason=reason, username=user
            )
        from netauto.notify.emit import safely

        safely(
            url,
            kind="fire_failed",
            severity="error",
            text=f"schedule {schedule.name} ({schedule.runbook}) failed: {reason}"[:300],
            run_id=str(fired.run_id) if fired.run_id else None,
            data={"schedule": schedule.name},
        )
    lease.release(
        url, schedule.id, holder, status=fired.status, run_id=fired.run_id, error=fired.reason
    )
    _log(fired, user, (utcnow() - started).total_seconds())
    return fired


def _log(fired: Fired, user: str | None, duration: float) -> None:
    name = fired.schedule.name
    run = fired.run_id.hex[:8] if fired.run_id else "-"
    # The fields of a JSON log line (netauto.logs).
    extra: dict[str, object] = {
        "run_id": str(fired.run_id) if fired.run_id else None,
        "user": user,
        "duration": round(duration, 3),
    }
    if fired.report is not None:
        counts = fired.report.counts
        log.info(
            "fired %s (%s): run %s, %d ok, %d failed, %d changed",
            name,
            fired.schedule.runbook,
            run,
            counts["ok"],
            counts["failed"],
            counts["changed"],
            extra=extra,
        )
        for host in fired.report.hosts:
            if host.failed:
                log.warning(
                    "fired %s: %s failed: %s",
                    name,
                    host.host,
                    host.detail or host.status,
                    extra={**extra, "router": host.host},
                )
    else:
        log.warning("fire of %s failed: %s (run %s)", name, fired.reason, run, extra=extra)
