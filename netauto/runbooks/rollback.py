"""Runbook ``rollback``: put routers back to the config they ran before a netauto change."""

from __future__ import annotations

from netauto.engine.change import Confirm, change_runbook
from netauto.engine.report import RunReport
from netauto.engine.rollout import Rollout
from netauto.engine.session import RunOptions, Selection
from netauto.runbooks.deploy import describe_change, tally


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
    from netauto.tasks._changes import lock_ttl
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
        ttl=lock_ttl(None),
        describe=describe_change,
        post_checks=post_checks,
        snapshot_reason="rollback",
        run_id=run_id,
        snapshot_id=snapshot_id,
        rollout=rollout,
    )
