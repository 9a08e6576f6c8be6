"""A commit delivered twice (helper, not a task): never commit a router twice in one run.

A Celery worker killed in the middle of ``commit_config`` leaves its message unacknowledged,
and another worker gets it again. The run's pre-change snapshot of the host tells that the
first attempt got as far as committing: then the router is read, not committed again. If
the planned change is in place, the attempt is finished as the first would have (post-checks,
revert timer confirmed, rollback to the snapshot if the checks fail); if the router is as
before, the host fails unchanged; anything else fails and says to check the router.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from netauto.context import store_of
from netauto.exceptions import DeployError

from ._changes import operator, recover, reraise_subtask, short_error

if TYPE_CHECKING:
    from netauto.plan import PlannedChange


def _lines(diff: str) -> list[str]:
    return [line.strip() for line in diff.splitlines() if line.strip() and line[0] != "!"]


def earlier_commit(
    task: Task,
    change: PlannedChange,
    *,
    reason: str,
    revert_in: int | None,
    post_checks: bool,
    checks: Sequence[Any],
) -> Result | None:
    """None if this run never began committing this host; else how the earlier attempt ended."""
    store = store_of(task)
    _, run_id = operator(task)
    if store is None or run_id is None:
        return None
    taken = store.find_snapshot(task.host.name, run_id=str(run_id), reason=reason)
    if taken is None:
        return None
    from .deploy_config import deploy_config

    try:
        now = task.run(
            task=deploy_config,
            name="check the earlier commit",
            config=change.candidate,
            replace=change.replace,
            dry_run=True,
            lock=False,
        )
    except NornirSubTaskError as exc:
        reraise_subtask(exc)
    diff = str(now[0].diff or "")
    summary: dict[str, Any] = {
        "mode": "replace" if change.replace else "merge",
        "committed": False,
        "confirmed": False,
        "rolled_back": False,
        "dry_run": False,
        "snapshot": str(taken.id),
        "redelivered": True,
    }
    if diff and _lines(diff) == _lines(change.diff):
        summary["status"] = "not committed"
        raise DeployError(
            "an earlier attempt of this commit was interrupted and left the router unchanged; "
            "not committed twice (run the change again)"
        )
    if diff:
        raise DeployError(
            "an earlier attempt of this commit was interrupted; the router's config is neither "
            "the previous nor the planned one: check it"
        )
    summary["committed"] = True
    if post_checks or checks:
        from .verify_config import verify_config

        try:
            verified = task.run(task=verify_config, candidate=change.candidate, checks=checks)
            summary["post_checks"] = verified[0].result["passed"]
        except NornirSubTaskError as exc:
            failures = (exc.result[0].result or {}).get("failures") if exc.result else None
            why = "; ".join(failures) if isinstance(failures, list) else short_error(exc)
            return recover(task, taken.config, change.diff, summary, f"post-check failed: {why}")
    if revert_in is not None:
        from netauto.connect import connection

        device = connection(task, "napalm")
        try:
            if device.has_pending_commit():
                device.confirm_commit()
        except Exception as exc:
            why = f"confirm failed: {short_error(exc)}"
            return recover(task, taken.config, change.diff, summary, why)
        summary["confirmed"] = True
    summary["status"] = "committed"
    return Result(host=task.host, result=summary, changed=True, diff=change.diff)
