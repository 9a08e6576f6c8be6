"""Task ``remediate_config``: hier-config's remediation of a router, through ``deploy_config``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from netauto.compliance import Feature, as_features, remediation
from netauto.connect import connection, device_errors
from netauto.exceptions import NetautoError

from ._changes import reraise_subtask
from .check_compliance import judged
from .deploy_config import deploy_config


def remediate_config(
    task: Task,
    *,
    features: Sequence[Feature | Mapping[str, Any]],
    dry_run: bool | None = None,
    lock: bool = True,
    **deploy: Any,
) -> Result:
    """Bring ``features`` of the router to their intended config: read its running config,
    judge each feature, and merge hier-config's remediation commands (negations included)
    through ``deploy_config`` (its diff, lock, snapshot, commit, post-checks, revert timer).

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``deploy_config``'s, plus ``features`` (the judged features'
            names and statuses); ``status`` ``no change`` when every feature is compliant
          * changed (``bool``): the router's config changes (would change, in a dry run)
          * diff (``str``): the router's own diff of the remediation commands
    """
    device = connection(task, "napalm")
    with device_errors(task, "napalm", "show running-config"):
        running = str(device.get_config(retrieve="running")["running"])
    results = judged(task, as_features(features), running)
    states = {result.feature: result.status for result in results}
    errors = [f"{result.feature}: {result.error}" for result in results if result.error]
    if errors:
        # Not a TemplateError (exit 2 for the whole run): this router fails, the others go on.
        raise NetautoError("intended config not rendered: " + "; ".join(errors))
    commands = remediation(results)
    if not commands:
        data = {"status": "no change", "mode": "merge", "committed": False, "features": states}
        return Result(host=task.host, result=data, changed=False, diff="")
    try:
        done = task.run(task=deploy_config, config=commands, dry_run=dry_run, lock=lock, **deploy)
    except NornirSubTaskError as exc:
        reraise_subtask(exc)
    main = done[0]
    data = {**main.result, "features": states}
    return Result(host=task.host, result=data, changed=bool(main.changed), diff=main.diff)


remediate_config.operation_type = "config_remediate"  # type: ignore[attr-defined]
