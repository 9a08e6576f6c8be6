"""Task ``check_compliance``: a router's features, intended against its running config."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from netauto.compliance import Feature, FeatureResult, judge
from netauto.compliance.hconfig import parse
from netauto.context import settings_or_none
from netauto.exceptions import NetautoError, TemplateError
from netauto.secrets import mask

from ._changes import reraise_subtask
from .render_config import rendered


def _backup_of(task: Task, backups_dir: str | os.PathLike[str] | None) -> Path:
    settings = settings_or_none(task)
    folder = Path(backups_dir or (settings.backups_dir if settings is not None else "backups"))
    return folder / f"{task.host.name}.cfg"


def running_of(
    task: Task, fresh: bool, backups_dir: str | os.PathLike[str] | None, live: bool = False
) -> str:
    """The router's config: read now (``live``, nothing saved), a fresh backup
    (``backup_config``), else its latest backup file."""
    if live:
        from netauto.connect import connection, device_errors

        with device_errors(task, "napalm", "show running-config"):
            device = connection(task, "napalm")
            return str(device.get_config(retrieve="running")["running"])
    path = _backup_of(task, backups_dir)
    if fresh:
        from .backup_config import backup_config

        try:
            task.run(task=backup_config, backups_dir=path.parent)
        except NornirSubTaskError as exc:
            reraise_subtask(exc)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NetautoError(
            f"no backup of {task.host.name} in {path.parent} (run netauto backup, or --fresh)"
        ) from None
    except OSError as exc:
        raise NetautoError(f"cannot read {path}: {exc.strerror or exc}") from None


def judged(task: Task, features: Sequence[Feature], running: str) -> list[FeatureResult]:
    """Each feature of the router; a template that cannot be rendered is that feature's
    error (the other features are still judged)."""
    tree = parse(running)
    results = []
    for feature in features:
        try:
            intended = rendered(task, feature.template)
        except TemplateError as exc:
            results.append(FeatureResult(feature.name, False, error=str(exc)))
            continue
        results.append(judge(feature, tree, intended))
    return results


def _masked(result: FeatureResult) -> dict[str, Any]:
    data = result.to_dict()
    for key in ("missing", "extra", "remediation"):
        data[key] = mask("\n".join(data[key])).splitlines() if data[key] else []
    return data


def check_compliance(
    task: Task,
    *,
    features: Sequence[Feature],
    fresh: bool = False,
    live: bool = False,
    backups_dir: str | os.PathLike[str] | None = None,
) -> Result:
    """Judge each of ``features`` on the router: its intended lines (the feature's template,
    rendered as ``render_config`` does) against its running config (its latest backup in
    ``backups_dir``; with ``fresh`` a backup taken now; with ``live`` the running-config read
    over NAPALM and not saved, as after a commit). Reads only; never changes a router.

    Raises:
        NetautoError: the router has no backup (and not ``fresh``).
        DeviceError: the fresh backup failed.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``source`` (``backup``, ``fresh``, ``live``), ``backup`` (a file),
            ``features`` (one dict per feature: ``status``, ``missing``, ``extra``, ``order``,
            ``remediation``, ``error``; secrets masked)
          * changed (``bool``): always False
    """
    running = running_of(task, fresh, backups_dir, live)
    results = judged(task, features, running)
    data = {
        "source": "live" if live else "fresh" if fresh else "backup",
        "backup": str(_backup_of(task, backups_dir)),
        "features": [_masked(result) for result in results],
    }
    return Result(host=task.host, result=data, changed=False)


check_compliance.operation_type = "compliance_check"  # type: ignore[attr-defined]
