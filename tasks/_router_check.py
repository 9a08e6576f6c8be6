"""The router check of the AI gate (helper, not a task): the candidate's dry-run on the router.

:func:`napalm_dry_run` gives ``netauto.ai.verify.verify_candidate`` its ``device_check``: it
loads the candidate through the deploy task in dry-run mode (load, compare, discard: nothing
is applied). When the router refuses a line, NAPALM only says the incremental diff failed, so
the router's exact complaint is read back from the merge file (:func:`router_errors`). This
lives among the tasks, not in ``netauto.ai``, so the provider layer imports without Nornir.
"""

from __future__ import annotations

from typing import Any

from nornir.core.task import Task

from netauto.ai.verify import DeviceCheck, DeviceVerdict, parse_router_errors
from netauto.connect import connection, device_errors

# NAPALM's header when ``show archive config incremental-diffs`` reported an error.
FALLBACK = "incremental-diff failed"


def _ended(text: str) -> str:
    lines = text.rstrip().splitlines()
    return text if lines and lines[-1].strip() == "end" else text.rstrip() + "\nend\n"


def router_errors(task: Task, candidate: str) -> list[str]:
    """Load the candidate as a merge file and read the router's errors (then discard)."""
    device: Any = connection(task, "napalm")
    with device_errors(task, "napalm", "incremental diff"):
        device.load_merge_candidate(config=_ended(candidate))
        try:
            # NAPALM's own merge file; compare_config() hides the router's message.
            path = device._gen_full_path(device.merge_cfg)
            output = str(
                device.device.send_command(
                    f"show archive config incremental-diffs {path} ignorecase"
                )
            )
        finally:
            device.discard_config()
    return parse_router_errors(output)


def napalm_dry_run(task: Task) -> DeviceCheck:
    """The router check for ``task.host``: the deploy task's dry run, nothing committed.

    The deploy task is called as a function, not through ``task.run``: its dry-run diffs of
    rejected attempts would otherwise pile up in the generate row of the operations log. The
    caller holds the host's change lock.
    """
    from netauto.tasks.deploy_config import deploy_config

    def check(candidate: str) -> DeviceVerdict:
        result = deploy_config(task, config=candidate, dry_run=True, post_checks=False, lock=False)
        diff = str(result.diff or "")
        if FALLBACK in diff or "% Invalid" in diff:
            errors = router_errors(task, candidate) or [
                "the router could not parse the configuration (incremental diff failed)"
            ]
            return DeviceVerdict("", errors)
        return DeviceVerdict(diff, [])

    return check
