"""``netauto check``: is each router reachable? TCP connect, SSH login, response time."""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import runbook_options
from netauto.cli.runbook import HostRow, error_of, open_runbook


@click.command()
@runbook_options
def check(**options: Any) -> None:
    """Reachability of each router: TCP connect to its SSH port, then an SSH login.

    Marks each router online or offline in network_devices (status, last_seen).
    Exit 1 when a router is offline.
    """
    from netauto.tasks.check_reachability import check_reachability

    with open_runbook("check", **options) as session:
        result = session.nr.run(task=check_reachability)
    rows = []
    for host in sorted(result):
        multi = result[host]
        if multi.failed:
            rows.append(HostRow(host, "offline", detail=error_of(multi)))
            continue
        data = multi[0].result
        detail = (
            f"{data['response_ms']:.0f} ms (tcp {data['tcp_ms']:.1f}, login {data['login_ms']:.0f})"
        )
        rows.append(HostRow(host, "online", detail=detail, data=data))
    online = sum(1 for row in rows if row.status == "online")
    summary = f"{online} online, {len(rows) - online} offline."
    raise SystemExit(session.report(rows, summary=summary, columns=("host", "status", "detail")))
