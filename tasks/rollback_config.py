"""Task ``rollback_config``: restore the config a router ran before a netauto change."""

from __future__ import annotations

from typing import Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from netauto.context import store_of
from netauto.exceptions import ConfigError, DeviceError, UsageError

from ._changes import reraise_subtask


def rollback_config(
    task: Task,
    *,
    snapshot_id: str | None = None,
    run_id: str | None = None,
    dry_run: bool | None = None,
    post_checks: bool = True,
    lock: bool = True,
) -> Result:
    """Replace the running-config with a stored pre-change config, through ``deploy_config``.

    By default the newest config stored by a deploy of this host; ``run_id`` picks the one of
    a given run, ``snapshot_id`` a given snapshot (id prefixes work). The restore itself is a
    deploy in replace mode: dry run shows the diff, a real run stores the current config
    first (so a rollback can be undone), commits, checks and rolls back if that fails.

    Raises:
        UsageError: no stored config matches.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``deploy_config``'s summary (``candidate`` included) plus
            ``restored`` (snapshot id, time and run it was taken in)
          * changed (``bool``): the router's config changes (would change, in a dry run)
          * diff (``str``): the router's own diff from now to the restored config
    """
    from .deploy_config import deploy_config

    store = store_of(task)
    if store is None:
        raise ConfigError("rollback needs a netauto Nornir (init_nornir): snapshots live in its db")
    found = store.find_snapshot(task.host.name, snapshot_id=snapshot_id, run_id=run_id)
    if found is None:
        which = snapshot_id or (f"of run {run_id}" if run_id else "")
        raise UsageError(f"{task.host.name}: no stored pre-change config {which}".rstrip())
    restored: dict[str, Any] = {
        "id": str(found.id),
        "taken_at": found.created_at.isoformat(timespec="seconds"),
        "run_id": str(found.run_id) if found.run_id else None,
        "by": found.username,
    }
    running = None
    if found.needs_router:  # stored without NETAUTO_SECRET_KEY: secrets from the router
        from netauto.connect import connection, device_errors

        with device_errors(task, "napalm", "show running-config"):
            running = str(connection(task, "napalm").get_config(retrieve="running")["running"])
        if "\nend" not in "\n" + running:  # "% Invalid input", a cut answer: say that
            lines = [line.strip() for line in running.splitlines() if line.strip()]
            said = next((line for line in lines if line.startswith("%")), lines[0] if lines else "")
            raise DeviceError(
                f"show running-config answered {said[:80]!r}, not a config: the secrets "
                "the snapshot needs cannot be read from the router; nothing changed"
            )
    try:
        deployed = task.run(
            task=deploy_config,
            name="restore snapshot",
            config=found.restore(running),
            replace=True,
            dry_run=dry_run,
            post_checks=post_checks,
            lock=lock,
            snapshot_reason="rollback",
        )
    except NornirSubTaskError as exc:
        deployed = exc.result
        if deployed[0].result is None or not isinstance(deployed[0].result, dict):
            reraise_subtask(exc)
    inner = deployed[0]
    diff, inner.diff = inner.diff, ""  # reported once, on this result
    summary = dict(inner.result or {})
    summary["restored"] = restored
    return Result(
        host=task.host,
        result=summary,
        changed=inner.changed,
        diff=diff,
        failed=inner.failed,
        exception=inner.exception,
    )


rollback_config.operation_type = "config_rollback"  # type: ignore[attr-defined]
