"""``netauto backup``: running-config (and startup-config) to backups/, versioned in git."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from netauto.cli.options import runbook_options
from netauto.cli.runbook import HostRow, error_of, open_runbook


def _shown(path: str) -> str:
    """The path relative to the working directory when it is below it."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    except ValueError:
        return path


def describe(data: dict[str, Any], changed: bool) -> str:
    if data["first"]:
        change = f"+{data['lines']} lines, first backup"
    elif changed and (data["added"] or data["removed"]):
        change = f"+{data['added']} -{data['removed']} lines"
    elif changed:
        change = "startup-config changed"
    else:
        change = "unchanged"
    return f"{_shown(data['path'])} ({change})"


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
    from netauto.backups import BackupRepoError, commit_backups
    from netauto.identity import current_username
    from netauto.tasks.backup_config import backup_config

    arguments = {"startup": startup, "mask_secrets": mask_secrets}
    with open_runbook("backup", arguments=arguments, **options) as session:
        result = session.nr.run(task=backup_config, startup=startup, mask_secrets=mask_secrets)
        folder: Path = session.settings.backups_dir
        try:
            commit = commit_backups(folder, user=current_username(options.get("user")))
            where = _shown(str(folder))
            extra = (
                f'git: {where}@{commit.short} "{commit.message}"'
                if commit
                else f"git: {where} unchanged, no commit."
            )
        except BackupRepoError as exc:
            extra = f"git: not committed ({exc})."
    rows = []
    for host in sorted(result):
        multi = result[host]
        if multi.failed:
            rows.append(HostRow(host, "failed", detail=error_of(multi)))
            continue
        data = multi[0].result
        rows.append(
            HostRow(
                host, "ok", changed=multi.changed, detail=describe(data, multi.changed), data=data
            )
        )
    raise SystemExit(session.report(rows, extra))
