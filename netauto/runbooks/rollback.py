"""Runbook ``rollback``: put routers back to the config they ran before a netauto change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netauto.engine.declaration import COMMIT, POST_CHECKS, ROLLOUT, Param, Runbook
from netauto.runbooks.deploy import describe_change, tally

if TYPE_CHECKING:
    from netauto.engine.change import Confirm
    from netauto.engine.options import RunOptions, Selection
    from netauto.report import RunReport

RUNBOOK = Runbook(
    "rollback",
    "netauto.runbooks.rollback:rollback",
    "Restore the last pre-change config of the chosen routers (saved by deploy).",
    help="The restore is a full config replace through NAPALM: dry run by default (the diff "
    "from now to the saved config), {commit} to apply it. The current config is saved first, "
    "so a rollback can be undone with {snapshot_id}. Hosts without a saved config fail.",
    params=(
        Param(
            "run_id",
            "text",
            "Restore the config saved by this run (an id prefix works).",
            aliases=("--run",),
            metavar="RUN",
        ),
        Param(
            "snapshot_id",
            "text",
            "Restore this saved config (an id prefix works).",
            aliases=("--snapshot",),
            metavar="ID",
        ),
        COMMIT,
        POST_CHECKS,
        *ROLLOUT,
    ),
    changes_routers=True,
)


def rollback(
    selection: Selection | None = None,
    *,
    run_id: str | None = None,
    snapshot_id: str | None = None,
    commit: bool = False,
    confirm: Confirm | None = None,
    post_checks: bool = True,
    canary: int | None = None,
    batch: str | None = None,
    max_fail: str | None = None,
    options: RunOptions | None = None,
) -> RunReport:
    """Restore the last pre-change config of the selected routers (saved by ``deploy``).

    ``run_id`` picks the config saved by a given run, ``snapshot_id`` a given snapshot (id
    prefixes work). The restore is a full config replace through NAPALM: dry run by default
    (the diff from now to the saved config); with ``commit`` it goes through the same change
    flow as ``deploy`` (confirm, commit exactly what was previewed, post-checks, rollback on
    failure). The current config is saved first, so a rollback can itself be undone with
    ``snapshot_id``. Hosts without a saved config fail. ``canary``, ``batch`` and
    ``max_fail`` roll the commit out in waves, as in ``deploy``.
    """
    from netauto.engine.change import change_runbook
    from netauto.engine.rollout import Rollout
    from netauto.tasks.rollback_config import rollback_config

    rollout = Rollout.for_change(commit, canary, batch, max_fail)
    arguments = {"run": run_id, "snapshot": snapshot_id, "post_checks": post_checks}
    return change_runbook(
        "rollback",
        rollback_config,
        selection,
        options,
        commit=commit,
        confirm=confirm,
        arguments=arguments,
        note=lambda outcomes: tally(outcomes, commit),
        describe=describe_change,
        post_checks=post_checks,
        snapshot_reason="rollback",
        run_id=run_id,
        snapshot_id=snapshot_id,
        rollout=rollout,
    )
