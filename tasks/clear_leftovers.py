"""Task ``clear_leftovers``: remove the temporary config a dead run left on this router."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nornir.core.task import Result, Task

from netauto.exceptions import DeviceError

from ._temporary import remove_temporary


def clear_leftovers(task: Task, *, leftovers: Mapping[str, Sequence[str]]) -> Result:
    """Take ``leftovers[host]`` (``file prompt quiet``) off the router's running-config.

    The change flow runs it first on a router whose lock it took over from a dead run (kill
    -9, a crash) that had noted temporary lines in the lock row, dry run or not: those lines
    were never meant to stay. The startup-config is left as the dead run left it (saving now
    could also save a half-made change); the next commit saves it clean.

    Raises:
        DeviceError: the lines could not be removed.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``removed``, the lines taken off
          * changed (``bool``): True
    """
    lines = list(leftovers.get(task.host.name, ()))
    problem = remove_temporary(task, lines, save=False)
    if problem is not None:
        raise DeviceError(problem)
    return Result(host=task.host, result={"removed": lines}, changed=bool(lines))


clear_leftovers.operation_type = "config_cleanup"  # type: ignore[attr-defined]
