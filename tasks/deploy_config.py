"""Task ``deploy_config``: diff and commit a candidate through NAPALM, never half-configured.

One host, under its change lock: read the running-config, load the candidate (merge, or
replace), take the router's own diff, and on a real run store the pre-change config, commit
(optionally with a revert timer), run the post-checks and confirm. Any failure after the
commit started (invalid line, lost session, failed post-check) puts the router back exactly
as it was and reports it as rolled back.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from netauto import interrupt
from netauto.connect import connection, device_errors
from netauto.context import store_of
from netauto.exceptions import DeployError, DeviceError, UsageError
from netauto.secrets import masked_secret
from netauto.templating import with_pruning, without_directives

from ._access import removed_access
from ._candidate import candidate_of, ended
from ._changes import (
    recover,
    running_error,
    short_error,
    snapshot,
)
from ._merge_diff import FALLBACK, diff_lines, preview, readable
from ._temporary import REVERT_PENDING, added_lines, note_temporary, remove_temporary

REVERT_MIN, REVERT_MAX = 60, 7200


def deploy_config(
    task: Task,
    *,
    template: str | None = None,
    config: str | None = None,
    filename: str | os.PathLike[str] | None = None,
    data: dict[str, Any] | None = None,
    replace: bool = False,
    dry_run: bool | None = None,
    revert_in: int | None = None,
    post_checks: bool = True,
    checks: Sequence[Any] = (),
    lock: bool = True,
    snapshot_reason: str = "deploy",
    expected_diff: str | None = None,
) -> Result:
    """Load a candidate into the router through NAPALM, show the diff, commit when not dry run.

    The candidate is one of ``template`` (rendered by ``render_config`` with ``data``),
    ``config`` (text) or ``filename``. A merge also removes the lines the template owns
    (``! netauto: replace ...`` directives) but no longer wants; ``replace`` replaces the whole
    running-config. ``revert_in`` (60-7200 s) commits with a revert timer that is confirmed
    only once the post-checks (``verify_config``, plus ``checks``) pass. The host's change
    lock is held throughout unless ``lock`` is False (the caller holds it). The pre-change
    config is stored with ``snapshot_reason`` (``netauto rollback`` restores ``deploy`` ones).
    With ``expected_diff`` (the diff an operator confirmed) nothing is committed unless the
    router gives that same diff again.

    Raises:
        TemplateError, UsageError: the candidate cannot be produced.
        LockError: another run holds the host's change lock.
        DeviceError: the router could not be read, the candidate not loaded, or its diff is
            not ``expected_diff``.
        DeployError: the candidate removes the operator's own access (the login user in use,
            the vty lines' SSH login, the management address): refused before any commit.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``status`` (``no change``, ``would change``, ``committed``,
            ``rolled back``, ``rollback failed``), ``committed``, ``confirmed``,
            ``rolled_back``, ``post_checks``, ``snapshot``, ``mode`` and ``candidate``
          * changed (``bool``): the router's config changes (would change, in a dry run)
          * diff (``str``): the router's own diff of the candidate
          * failed / exception: set when the commit failed and the router was rolled back
    """
    if revert_in is not None and not REVERT_MIN <= revert_in <= REVERT_MAX:
        raise UsageError(f"revert_in must be {REVERT_MIN}..{REVERT_MAX} seconds, got {revert_in}")
    dry = task.is_dry_run(dry_run)
    interrupt.check("not started, nothing changed")
    candidate = candidate_of(task, template, config, filename, data)
    hidden = masked_secret(candidate)
    if hidden is not None:
        raise UsageError(f"the candidate holds a masked secret ({hidden!r}): nothing to deploy")
    store = store_of(task)
    guard: Any = nullcontext()
    if lock and store is not None:
        guard = store.lock(task.host.name, revert_in)
    with guard:
        return _deploy(
            task,
            candidate,
            replace,
            dry,
            revert_in,
            post_checks,
            checks,
            snapshot_reason,
            expected_diff,
        )


def _deploy(
    task: Task,
    candidate: str,
    replace: bool,
    dry: bool,
    revert_in: int | None,
    post_checks: bool,
    checks: Sequence[Any],
    reason: str,
    expected_diff: str | None = None,
) -> Result:
    device = connection(task, "napalm")
    with device_errors(task, "napalm", "show running-config"):
        before = str(device.get_config(retrieve="running")["running"])
    wrong = running_error(before)
    if wrong is not None:
        raise DeviceError(f"show running-config: {wrong}; nothing changed")
    loaded = candidate if replace else ended(without_directives(with_pruning(candidate, before)))
    lost = removed_access(
        before, loaded, username=task.host.username, address=task.host.hostname, replace=replace
    )
    if lost:
        raise DeployError(
            f"refused: the candidate removes your own access ({'; '.join(lost)}); nothing committed"
        )
    summary: dict[str, Any] = {
        "mode": "replace" if replace else "merge",
        "candidate": loaded,
        "committed": False,
        "confirmed": False,
        "rolled_back": False,
        "dry_run": dry,
    }
    with device_errors(task, "napalm", "load and compare"):
        if replace:
            device.load_replace_candidate(config=loaded)
        else:
            device.load_merge_candidate(config=loaded)
        diff = str(device.compare_config() or "")
    if not replace:
        diff = preview(before, loaded, readable(diff))
    if expected_diff is not None and diff_lines(diff) != diff_lines(expected_diff):
        raise DeviceError(
            "the router's diff is not the one previewed (its config changed since); "
            "nothing committed"
        )
    if diff.startswith(FALLBACK):
        summary["warning"] = "the router could not diff the candidate: a line it rejects?"
    if dry or not diff:
        # No discard_config(): NAPALM would configure "file prompt quiet" for it and remove it
        # again, touching the running-config. The loaded file stays on flash: until the next
        # load overwrites it; nothing applies it without a commit.
        summary["status"] = "would change" if diff and dry else "no change"
        return Result(host=task.host, result=summary, changed=bool(diff), diff=diff)

    interrupt.check("not committed, nothing changed")
    summary["snapshot"] = snapshot(task, before, reason=reason)
    temporary = added_lines(before)
    # With a revert timer, a run taking over this one's lock (kill -9) settles it first.
    note_temporary(task, [*temporary, REVERT_PENDING] if revert_in is not None else temporary)
    try:
        result = _commit(task, before, diff, summary, loaded, revert_in, post_checks, checks)
    finally:
        # Whatever happened (error, signal), NAPALM's temporary line goes; saved again only
        # when the router ended in a state NAPALM saved (committed, or rolled back).
        saved = summary.get("status") in ("committed", "rolled back")
        problem = remove_temporary(task, temporary, save=saved)
        if revert_in is not None and saved and (problem is not None or not temporary):
            note_temporary(task, temporary if problem is not None else [])  # timer settled
    if problem is not None:
        summary["warning"] = problem
    return result


def _commit(
    task: Task,
    before: str,
    diff: str,
    summary: dict[str, Any],
    loaded: str,
    revert_in: int | None,
    post_checks: bool,
    checks: Sequence[Any],
) -> Result:
    """Commit, check, confirm; any failure (or a stop request) puts ``before`` back."""
    try:
        connection(task, "napalm").commit_config(revert_in=revert_in)
    except Exception as exc:
        return recover(task, before, diff, summary, f"commit failed: {short_error(exc)}")
    summary["committed"] = True
    if interrupt.requested():
        return recover(task, before, diff, summary, f"interrupted by {interrupt.requested()}")
    if post_checks or checks:
        from .verify_config import verify_config

        try:
            verified = task.run(task=verify_config, candidate=loaded, checks=checks)
            summary["post_checks"] = verified[0].result["passed"]
        except NornirSubTaskError as exc:
            failures = (exc.result[0].result or {}).get("failures") if exc.result else None
            why = "; ".join(failures) if isinstance(failures, list) else short_error(exc)
            return recover(task, before, diff, summary, f"post-check failed: {why}")
        if interrupt.requested():
            why = f"interrupted by {interrupt.requested()} before the confirmation"
            return recover(task, before, diff, summary, why)
    if revert_in is not None:
        try:
            connection(task, "napalm").confirm_commit()
        except Exception as exc:
            return recover(task, before, diff, summary, f"confirm failed: {short_error(exc)}")
        summary["confirmed"] = True
    summary["status"] = "committed"
    return Result(host=task.host, result=summary, changed=True, diff=diff)


deploy_config.operation_type = "config_deploy"  # type: ignore[attr-defined]
