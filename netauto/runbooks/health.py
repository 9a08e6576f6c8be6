"""Runbook ``health``: each router online, warning or offline, with the reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netauto.engine.declaration import Runbook

if TYPE_CHECKING:
    from nornir.core.task import MultiResult

    from netauto.engine.options import RunOptions, Selection
    from netauto.report import HostOutcome, RunReport

RUNBOOK = Runbook(
    "health",
    "netauto.runbooks.health:health",
    "Reachability, facts, interface state and environment (CPU, memory) of each router.",
    help="Warning: an admin-up interface that is down, CPU or memory use above the thresholds "
    "in config.yaml (user_defined.netauto.health), uptime under the minimum. Offline: the "
    "router cannot be reached or logged in to. network_devices status is updated. A router "
    "offline fails the run.",
    ai_tool=False,
)


def _describe(host: str, multi: MultiResult) -> HostOutcome:
    from netauto.report import HostOutcome

    data = multi[0].result
    return HostOutcome(host, data["state"], detail="; ".join(data["reasons"]), data=data)


def health(selection: Selection | None = None, *, options: RunOptions | None = None) -> RunReport:
    """Reachability, facts, interface state and environment (CPU, memory) of each router.

    ``warning``: an admin-up interface that is down, CPU or memory use above the thresholds
    (``user_defined.netauto.health``), uptime under the minimum. ``offline``: the router cannot
    be reached or logged in to. network_devices status is updated.
    """
    from netauto.engine.outcomes import outcomes
    from netauto.engine.session import open_run
    from netauto.tasks.health_check import health_check

    with open_run("health", selection, options) as run:
        result = run.nr.run(task=health_check)
    found = outcomes(result, _describe, failed_status="offline")
    online = sum(1 for outcome in found if outcome.status == "online")
    warning = sum(1 for outcome in found if outcome.status == "warning")
    offline = len(found) - online - warning
    return run.report(found, summary=f"{online} online, {warning} warning, {offline} offline.")
