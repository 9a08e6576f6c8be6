"""``netauto rollback``: put routers back to the config they ran before a netauto change."""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import rollout_options, runbook_options, yes_option
from netauto.cli.runbook import change_command, print_diffs


@click.command()
@runbook_options
@click.option("--run", "run_id", metavar="RUN", help="Restore the config saved by this run.")
@click.option("--snapshot", "snapshot_id", metavar="ID", help="Restore this saved config.")
@click.option("--commit", is_flag=True, help="Restore for real (default: dry run, diff only).")
@yes_option
@click.option("--no-post-checks", is_flag=True, help="Skip the checks after the restore.")
@rollout_options
def rollback(
    run_id: str | None,
    snapshot_id: str | None,
    commit: bool,
    yes: bool,
    no_post_checks: bool,
    canary: int | None,
    batch: str | None,
    max_fail: str | None,
    **options: Any,
) -> None:
    """Restore the last pre-change config of the chosen routers (saved by `netauto deploy`).

    The restore is a full config replace through NAPALM: dry run by default (the diff from
    now to the saved config), --commit to apply after a prompt. The current config is saved
    first, so a rollback can be undone with --snapshot. Hosts without a saved config fail.
    """
    from netauto.runbooks import rollback as run_rollback

    change_command(
        run_rollback,
        options,
        print_diffs,
        yes=yes,
        no_post_checks=no_post_checks,
        run_id=run_id,
        snapshot_id=snapshot_id,
        commit=commit,
        canary=canary,
        batch=batch,
        max_fail=max_fail,
    )
