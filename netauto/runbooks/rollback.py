"""``netauto rollback``: put routers back to the config they ran before a netauto change."""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import runbook_options, yes_option
from netauto.cli.runbook import open_runbook


@click.command()
@runbook_options
@click.option("--run", "run_id", metavar="RUN", help="Restore the config saved by this run.")
@click.option("--snapshot", "snapshot_id", metavar="ID", help="Restore this saved config.")
@click.option("--commit", is_flag=True, help="Restore for real (default: dry run, diff only).")
@yes_option
@click.option("--no-post-checks", is_flag=True, help="Skip the checks after the restore.")
def rollback(
    run_id: str | None,
    snapshot_id: str | None,
    commit: bool,
    yes: bool,
    no_post_checks: bool,
    **options: Any,
) -> None:
    """Restore the last pre-change config of the chosen routers (saved by `netauto deploy`).

    The restore is a full config replace through NAPALM: dry run by default (the diff from
    now to the saved config), --commit to apply after a prompt. The current config is saved
    first, so a rollback can be undone with --snapshot. Hosts without a saved config fail.
    """
    from netauto.identity import current_username
    from netauto.runbooks._apply import run_change
    from netauto.tasks._changes import lock_ttl
    from netauto.tasks.rollback_config import rollback_config

    arguments = {"run": run_id, "snapshot": snapshot_id, "post_checks": not no_post_checks}
    with open_runbook("rollback", dry_run=not commit, arguments=arguments, **options) as session:
        code = run_change(
            session,
            rollback_config,
            commit=commit,
            yes=yes,
            owner=current_username(options.get("user")),
            ttl=lock_ttl(None),
            run_id=run_id,
            snapshot_id=snapshot_id,
            post_checks=not no_post_checks,
        )
    raise SystemExit(code)
