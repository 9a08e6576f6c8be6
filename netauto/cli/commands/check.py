"""``netauto check``: is each router reachable? TCP connect, SSH login, response time."""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import runbook_options
from netauto.cli.runbook import finish, run_options, selection_of


@click.command()
@runbook_options
def check(**options: Any) -> None:
    """Reachability of each router: TCP connect to its SSH port, then an SSH login.

    Marks each router online or offline in network_devices (status, last_seen).
    Exit 1 when a router is offline.
    """
    from netauto.runbooks import check as run_check

    report = run_check(selection_of(options), options=run_options(options))
    finish(report, options, columns=("host", "status", "detail"))
