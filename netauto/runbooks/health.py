"""``netauto health``: each router online, warning or offline, with the reasons."""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import runbook_options
from netauto.cli.runbook import HostRow, error_of, open_runbook


@click.command()
@runbook_options
def health(**options: Any) -> None:
    """Reachability, facts, interface state and environment (CPU, memory) of each router.

    Warning: an admin-up interface that is down, CPU or memory use above the thresholds in
    config.yaml (user_defined.netauto.health), uptime under the minimum. Offline: the router
    cannot be reached or logged in to. network_devices status is updated. Exit 1 when a
    router is offline.
    """
    from netauto.tasks.health_check import health_check

    with open_runbook("health", **options) as session:
        result = session.nr.run(task=health_check)
    rows = []
    for host in sorted(result):
        multi = result[host]
        if multi.failed:
            rows.append(HostRow(host, "offline", detail=error_of(multi)))
        else:
            data = multi[0].result
            rows.append(HostRow(host, data["state"], detail="; ".join(data["reasons"]), data=data))
    counts = {state: sum(1 for r in rows if r.status == state) for state in ("online", "warning")}
    offline = len(rows) - sum(counts.values())
    summary = f"{counts['online']} online, {counts['warning']} warning, {offline} offline."
    raise SystemExit(session.report(rows, summary=summary, columns=("host", "state", "reasons")))
