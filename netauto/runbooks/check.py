"""Runbook ``check``: is each router reachable? TCP connect, SSH login, response time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netauto.engine.declaration import Runbook

if TYPE_CHECKING:
    from nornir.core.task import MultiResult

    from netauto.engine.options import RunOptions, Selection
    from netauto.report import HostOutcome, RunReport

RUNBOOK = Runbook(
    "check",
    "netauto.runbooks.check:check",
    "Reachability of each router: TCP connect to its SSH port, then an SSH login.",
    help="Marks each router online or offline in network_devices (status, last_seen). "
    "A router offline fails the run.",
    ai_tool=False,
)


def _describe(host: str, multi: MultiResult) -> HostOutcome:
    from netauto.report import HostOutcome

    data = multi[0].result
    detail = (
        f"{data['response_ms']:.0f} ms (tcp {data['tcp_ms']:.1f}, login {data['login_ms']:.0f})"
    )
    return HostOutcome(host, "online", detail=detail, data=data)


def check(selection: Selection | None = None, *, options: RunOptions | None = None) -> RunReport:
    """Reachability of each router: TCP connect to its SSH port, then an SSH login.

    Each host is ``online`` (``data``: ``tcp_ms``, ``login_ms``, ``response_ms``) or
    ``offline`` with the reason; network_devices gets status and last_seen.
    """
    from netauto.engine.outcomes import outcomes
    from netauto.engine.session import open_run
    from netauto.tasks.check_reachability import check_reachability

    with open_run("check", selection, options) as run:
        result = run.nr.run(task=check_reachability)
    found = outcomes(result, _describe, failed_status="offline")
    online = sum(1 for outcome in found if outcome.status == "online")
    return run.report(found, summary=f"{online} online, {len(found) - online} offline.")
