"""``netauto deploy``: render or read a candidate, show each router's diff, commit on purpose."""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import (
    no_post_checks_option,
    revert_in_option,
    rollout_options,
    runbook_options,
    yes_option,
)
from netauto.cli.runbook import change_command, print_diffs


@click.command()
@runbook_options
@click.option(
    "--template", "-t", metavar="TEMPLATE", help="Template to render per host (ios/ntp.j2)."
)
@click.option(
    "--file",
    "-f",
    "filename",
    type=click.Path(exists=True, dir_okay=False),
    help="Config file to load as is, the same on every host.",
)
@click.option("--replace", is_flag=True, help="Replace the whole running-config (default: merge).")
@click.option("--commit", is_flag=True, help="Commit the change (default: dry run, diff only).")
@yes_option
@revert_in_option
@no_post_checks_option
@rollout_options
def deploy(
    template: str | None,
    filename: str | None,
    replace: bool,
    commit: bool,
    yes: bool,
    revert_in: int | None,
    no_post_checks: bool,
    canary: int | None,
    batch: str | None,
    max_fail: str | None,
    **options: Any,
) -> None:
    """Load a candidate into each router through NAPALM and show the router's own diff.

    Dry run by default: the running-config is unchanged afterwards. With --commit, after a
    prompt listing the routers that would change, each router commits exactly the candidate
    shown, passes its post-checks (session alive, getters answer, intended lines present) and
    confirms; a router whose commit or post-checks fail is rolled back to exactly its
    previous config while the others go on (exit 1). A merge also removes the lines a
    template owns but no longer wants, so a second deploy of the same intent changes
    nothing. Each host's change lock is held for the whole run: a second run on the same
    router is refused at once.
    """
    from netauto.runbooks import deploy as run_deploy

    change_command(
        run_deploy,
        options,
        print_diffs,
        yes=yes,
        no_post_checks=no_post_checks,
        template=template,
        file=filename,
        replace=replace,
        commit=commit,
        revert_in=revert_in,
        canary=canary,
        batch=batch,
        max_fail=max_fail,
    )
