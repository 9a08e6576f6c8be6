"""Task ``clear_leftovers``: settle what a dead run left on this router (temporary config,
a revert timer still pending)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nornir.core.task import Result, Task

from netauto.exceptions import DeviceError

from ._temporary import REVERT_PENDING, remove_temporary, revert_pending_change


def clear_leftovers(task: Task, *, leftovers: Mapping[str, Sequence[str]]) -> Result:
    """Take ``leftovers[host]`` (``file prompt quiet``) off the router's running-config.

    When the dead run noted a revert timer (:data:`REVERT_PENDING`) and the router still has
    one pending, the change it guards is reverted first (``configure revert now``): never
    confirmed, it was never verified either.

    The change flow runs it first on a router whose lock it took over from a dead run (kill
    -9, a crash) that had noted temporary lines in the lock row, dry run or not: those lines
    were never meant to stay. The startup-config is left as the dead run left it (saving now
    could also save a half-made change); the next commit saves it clean.

    Raises:
        DeviceError: the lines could not be removed.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``removed``, the lines taken off; ``reverted``, whether a
            pending change was reverted
          * changed (``bool``): something was removed or reverted
    """
    noted = list(leftovers.get(task.host.name, ()))
    # First the dead run's unconfirmed change: its timer would revert it later, behind the
    # back of this run (which would plan against a config the router is about to drop).
    reverted = REVERT_PENDING in noted and revert_pending_change(task)
    lines = [line for line in noted if line != REVERT_PENDING]
    problem = remove_temporary(task, lines, save=False)
    if problem is not None:
        raise DeviceError(problem)
    result = {"removed": lines, "reverted": reverted}
    return Result(host=task.host, result=result, changed=bool(lines) or reverted)


clear_leftovers.operation_type = "config_cleanup"  # type: ignore[attr-defined]
