"""The events a finished run tells: routers down/up/warning, failures, changed configs.

Called by the engine with every run's report (``RunSession.report``). Router states and
compliance are told on a change only (one alert, one recovery); a scheduled run's failure
once until it succeeds again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from netauto.exceptions import NetautoError
from netauto.notify.emit import emit, hint_for, transition
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.report import HostOutcome, RunReport

log = logging.getLogger(__name__)
ROUTER_STATES = ("online", "warning", "offline")


def router_states(url: str, found: dict[str, tuple[str, str]], run_id: str | None) -> int:
    """Tell each router whose status changed, once: down, warning, or back up (a router first
    seen online: nothing). ``found``: router -> (state, detail). The number of events."""
    from netauto.db.engine import get_engine
    from netauto.db.events import add_event, swap_states
    from netauto.notify.emit import channels_for
    from netauto.secrets import mask

    before = swap_states(url, {f"router:{r}": state for r, (state, _) in found.items()})
    routes: dict[str, list[str]] = {}
    events: list[dict[str, Any]] = []
    for router, (state, detail) in sorted(found.items()):
        was = before[f"router:{router}"]
        if was == state or (was is None and state == "online"):
            continue
        because = f": {detail}" if detail else ""
        if state == "offline":
            kind, severity, text = "router_down", "error", f"{router} is down{because}"
        elif state == "warning":
            kind, severity, text = "router_warning", "warning", f"{router} warning{because}"
        else:
            kind, severity, text = "router_up", "info", f"{router} is back online (was {was})"
        if kind not in routes:
            routes[kind] = channels_for(url, kind, severity)
        events.append(
            {"kind": kind, "severity": severity, "text": mask(text), "router": router,
             "run_id": run_id, "data": {"state": state, "before": was}, "channels": routes[kind]}
        )  # fmt: skip
    if events:  # one transaction for all of them: a site going down is hundreds
        with get_engine(url).begin() as connection:
            for event in events:
                add_event(connection, **event)
    return len(events)


def config_changed(url: str, outcome: HostOutcome, run_id: str | None) -> int | None:
    """A backup that found a changed config: who did it, and whether netauto did."""
    from netauto.db.notify import netauto_changed

    data = outcome.data or {}
    if data.get("first") or not (data.get("added") or data.get("removed")):
        return None
    router = outcome.host
    by_netauto = netauto_changed(url, host=router, run_id=run_id)
    who = hint_for(router) or by_netauto or "unknown"
    size = f"+{data.get('added', 0)} -{data.get('removed', 0)}"
    if by_netauto is None:
        kind, severity = "config_changed_outside", "warning"
        text = f"{router} config changed outside netauto ({size}) by {who}"
    else:
        kind, severity = "config_changed", "info"
        text = f"{router} config changed by netauto ({size}), {by_netauto}"
    return emit(
        url,
        kind=kind,
        severity=severity,
        text=text,
        router=router,
        run_id=run_id,
        data={"diff": outcome.diff, "by": who, "netauto": by_netauto is not None},
    )


def compliance_states(url: str, outcomes: list[HostOutcome], run_id: str | None) -> None:
    """``compliance_dropped`` for each router compliant at the previous run and not now."""
    from netauto.db.events import swap_states

    states = {
        f"compliance:{o.host}": "non-compliant" if o.status == "non-compliant" else "compliant"
        for o in outcomes
    }
    before = swap_states(url, states)
    for outcome in outcomes:
        key = f"compliance:{outcome.host}"
        if states[key] == "non-compliant" and before[key] == "compliant":
            emit(
                url,
                kind="compliance_dropped",
                severity="warning",
                text=f"{outcome.host} is no longer compliant: {outcome.detail}",
                router=outcome.host,
                run_id=run_id,
            )


def run_failure(url: str, report: RunReport, schedule_id: str | None) -> int | None:
    """A failed run (routers offline aside: their own events tell them)."""
    failed = [o for o in report.hosts if o.failed and o.status not in ("offline", "non-compliant")]
    whole = bool(report.errors) or any(step.failed for step in report.followups)
    state = "failed" if failed or whole else "ok"
    if schedule_id is not None:
        changed, _ = transition(url, f"schedule:{schedule_id}", state)
        if not changed:
            return None
    if state == "ok":
        return None
    everyone = whole or len(failed) == len(report.hosts)
    kind = "run_failed" if everyone else "run_partially_failed"
    first = (report.errors or [f"{o.host}: {o.detail}" for o in failed] or ["failed"])[0]
    count = f"{len(failed)} of {plural(len(report.hosts), 'router')} failed"
    return emit(
        url,
        kind=kind,
        severity="error",
        text=f"{report.runbook} run {'failed' if everyone else 'partially failed'}: "
        f"{count}; {first}"[:300],
        run_id=report.run_id,
        data={"runbook": report.runbook, "failed": [o.host for o in failed]},
    )


def run_events(url: str, report: RunReport, *, schedule_id: str | None = None) -> None:
    """Every event of one finished run; an error storing one is logged, never raised.

    A run with nothing to tell (a backup that changed nothing) touches no database and does
    not load SQLAlchemy (tests/runbooks/test_backup.py: the run path is plain SQL)."""
    try:
        states = {o.host: (o.status, o.detail) for o in report.hosts if o.status in ROUTER_STATES}
        if states:
            router_states(url, states, report.run_id)
        judged = [o for o in report.hosts if o.status in ("compliant", "non-compliant")]
        if report.runbook == "compliance" and judged:
            compliance_states(url, judged, report.run_id)
        for outcome in report.hosts:
            if report.runbook == "backup" and outcome.changed:
                config_changed(url, outcome, report.run_id)
        run_failure(url, report, schedule_id)
    except Exception as error:
        from sqlalchemy.exc import SQLAlchemyError  # loaded already when it raised

        if not isinstance(error, (NetautoError, SQLAlchemyError, OSError)):
            raise
        log.warning("events of run %s not stored: %s", report.run_id, error)
