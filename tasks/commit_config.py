"""Task ``commit_config``: commit the candidate a plan previewed for this host, nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from nornir.core.task import Result, Task

from netauto import interrupt
from netauto.exceptions import UsageError

from ._redelivered import earlier_commit
from .deploy_config import deploy_config

if TYPE_CHECKING:
    from netauto.plan import ChangePlan


def commit_config(
    task: Task,
    *,
    plan: ChangePlan,
    dry_run: bool | None = None,
    revert_in: int | None = None,
    post_checks: bool = True,
    checks: Sequence[Any] = (),
    lock: bool = True,
    snapshot_reason: str = "deploy",
) -> Result:
    """Commit ``plan.changes[host]``: its exact candidate, only if the router's diff is unchanged.

    The second half of the change flow (``netauto.engine.change``): the plan was the dry run
    an operator confirmed; this loads the same candidate, checks that the router still gives
    the previewed diff (else nothing is committed and the host fails), then commits through
    ``deploy_config`` with the snapshot, post-checks, revert timer and rollback on failure.
    In a dry run it only checks the diff. A host this run already began to commit (a
    Celery shard delivered again) is not committed twice: see ``_redelivered``.

    Raises:
        UsageError: the plan has no change for this host.
        DeviceError: the router's diff is no longer the previewed one, or it cannot be read.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``deploy_config``'s summary (``status``, ``committed``...)
          * changed (``bool``): the router's config changed
          * diff (``str``): the router's own diff of the candidate
    """
    change = plan.changes.get(task.host.name)
    if change is None:
        raise UsageError(f"{task.host.name}: the plan has no change for this host")
    interrupt.check("not committed, nothing changed")
    if not task.is_dry_run(dry_run):
        # Delivered again after a worker died mid-commit: settle that attempt, never redo it.
        earlier = earlier_commit(
            task,
            change,
            reason=snapshot_reason,
            revert_in=revert_in,
            post_checks=post_checks,
            checks=checks,
        )
        if earlier is not None:
            return earlier
    return deploy_config(
        task,
        config=change.candidate,
        replace=change.replace,
        expected_diff=change.diff,
        dry_run=dry_run,
        revert_in=revert_in,
        post_checks=post_checks,
        checks=checks,
        lock=lock,
        snapshot_reason=snapshot_reason,
    )


commit_config.operation_type = "config_commit"  # type: ignore[attr-defined]
