"""Runbook ``backup``: running-config (and startup-config) to backups/, versioned in git."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netauto.engine.declaration import Param, Runbook
from netauto.text import noun, plural

if TYPE_CHECKING:
    from nornir.core.task import MultiResult

    from netauto.engine.options import RunOptions, Selection
    from netauto.engine.session import RunSession
    from netauto.report import FollowUp, HostOutcome, RunReport

log = logging.getLogger(__name__)

RUNBOOK = Runbook(
    "backup",
    "netauto.runbooks.backup:backup",
    "Save each router's running-config to backups/<host>.cfg and commit the changes to git.",
    help="The backups folder is a git repository: a run that changes something makes one "
    "commit naming the hosts that changed; an unchanged config makes no commit. The database "
    "keeps the latest config of each router (network_devices.config_backup, secrets always "
    "masked).",
    params=(
        Param("startup", "flag", "Also save the startup-config (<host>.startup.cfg)."),
        Param(
            "mask_secrets",
            "flag",
            "Save passwords, secrets, SNMP communities and keys as <removed>.",
        ),
    ),
    ai_tool=False,  # it writes the backups folder and its git history
)


def shown(path: str | os.PathLike[str]) -> str:
    """The path relative to the working directory when it is below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def describe(data: dict[str, Any], changed: bool) -> str:
    if data["first"]:
        change = f"+{plural(data['lines'], 'line')}, first backup"
    elif changed and (data["added"] or data["removed"]):
        change = (
            f"+{data['added']} -{data['removed']} {noun(data['added'] + data['removed'], 'line')}"
        )
    elif changed:
        change = "startup-config changed"
    else:
        change = "unchanged"
    return f"{shown(data['path'])} ({change})"


def _describe(host: str, multi: MultiResult) -> HostOutcome:
    from netauto.report import HostOutcome

    data = multi[0].result
    changed = bool(multi.changed)
    return HostOutcome(host, "ok", changed=changed, detail=describe(data, changed), data=data)


def _commit(run: RunSession) -> FollowUp:
    """The git commit of the backups folder, as a follow-up step."""
    from netauto.backups import commit_backups
    from netauto.exceptions import BackupRepoError
    from netauto.report import FollowUp

    folder = run.settings.backups_dir
    where = shown(folder)
    try:
        commit = commit_backups(folder, user=run.context.username)
    except BackupRepoError as exc:
        return FollowUp("git commit", "failed", f"git: not committed ({exc}).")
    if commit is None:
        return FollowUp("git commit", "skipped", f"git: {where} unchanged, no commit.")
    data = {"sha": commit.sha, "hosts": commit.hosts, "message": commit.message}
    return FollowUp("git commit", "ok", f'git: {where}@{commit.short} "{commit.message}"', data)


def _index(run: RunSession) -> None:
    """The new versions into the search index; a failure leaves it for the next search."""
    from netauto.exceptions import NetautoError
    from netauto.search import refresh

    try:
        refresh(run.settings.database_url, backups=run.settings.backups_dir, runs=False)
    except NetautoError as exc:
        log.warning("search index not updated (the next search catches up): %s", exc)


def _prepare_folder(folder: Path) -> None:
    """The backups folder, owner-only: a file in its place is exit 2 before any router."""
    from netauto.exceptions import ConfigError
    from netauto.private import private_dir

    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"the backups folder {folder} is a file", key="backups_dir")
    try:
        private_dir(folder)
    except OSError as exc:
        raise ConfigError(
            f"cannot create the backups folder {folder}: {exc.strerror or exc}", key="backups_dir"
        ) from None


def backup(
    selection: Selection | None = None,
    *,
    startup: bool = False,
    mask_secrets: bool = False,
    options: RunOptions | None = None,
) -> RunReport:
    """Save each router's running-config to backups/<host>.cfg and commit the changes to git.

    The backups folder is a git repository: a run that changes something makes one commit
    naming the hosts that changed (``report.followups``, also a ``git_commit`` row in the
    operations log); an unchanged config makes no commit. ``startup`` also saves
    <host>.startup.cfg; ``mask_secrets`` saves secrets as ``<removed>``. The database keeps
    the latest config of each router (network_devices.config_backup, secrets always masked).
    """
    from netauto.engine.outcomes import outcomes
    from netauto.engine.session import open_run
    from netauto.tasks.backup_config import backup_config

    arguments = {"startup": startup, "mask_secrets": mask_secrets}
    with open_run(
        "backup",
        selection,
        options,
        arguments=arguments,
        drivers=("netmiko",),
        close_when_done=True,
        files=True,
    ) as run:
        _prepare_folder(run.settings.backups_dir)
        result = run.nr.run(task=backup_config, startup=startup, mask_secrets=mask_secrets)
        commit = run.follow_up(_commit(run))
        if commit.status == "ok":
            _index(run)
    return run.report(outcomes(result, _describe), note=commit.detail)
