"""``netauto health``: each router online, warning or offline, with the reasons."""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import runbook_options
from netauto.cli.runbook import finish, run_options, selection_of


@click.command()
@runbook_options
def health(**options: Any) -> None:
    """Reachability, facts, interface state and environment (CPU, memory) of each router.

    Warning: an admin-up interface that is down, CPU or memory use above the thresholds in
    config.yaml (user_defined.netauto.health), uptime under the minimum. Offline: the router
    cannot be reached or logged in to. network_devices status is updated. Exit 1 when a
    router is offline.
    """
    from netauto.runbooks import health as run_health

    report = run_health(selection_of(options), options=run_options(options))
    finish(report, options, columns=("host", "state", "reasons"))
