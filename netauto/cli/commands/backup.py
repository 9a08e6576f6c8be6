"""``netauto backup``: running-config (and startup-config) to backups/, versioned in git."""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import runbook_options
from netauto.cli.runbook import finish, run_options, selection_of


@click.command()
@runbook_options
@click.option("--startup", is_flag=True, help="Also save the startup-config (<host>.startup.cfg).")
@click.option(
    "--mask-secrets",
    is_flag=True,
    help="Save passwords, secrets, SNMP communities and keys as <removed>.",
)
def backup(startup: bool, mask_secrets: bool, **options: Any) -> None:
    """Save each router's running-config to backups/<host>.cfg and commit the changes to git.

    The backups folder is a git repository: a run that changes something makes one commit
    naming the hosts that changed; an unchanged config makes no commit. The database keeps
    the latest config of each router (network_devices.config_backup, secrets always masked).
    """
    from netauto.runbooks import backup as run_backup

    report = run_backup(
        selection_of(options),
        startup=startup,
        mask_secrets=mask_secrets,
        options=run_options(options),
    )
    finish(report, options)
