"""Task ``check_compliance``: a router's features, intended against its running config."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from netauto.compliance import Feature, FeatureResult, as_features, judge
from netauto.compliance.hconfig import parse
from netauto.context import settings_or_none
from netauto.exceptions import NetautoError, TemplateError
from netauto.secrets import mask

from ._changes import reraise_subtask
from .render_config import rendered, templates_dir_of


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
            f"no backup of {task.host.name} in {path.parent} (run netauto backup, or set fresh)"
        ) from None
    except OSError as exc:
        raise NetautoError(f"cannot read {path}: {exc.strerror or exc}") from None


def judged(
    task: Task, features: Sequence[Feature], running: str, intents: dict[str, str] | None = None
) -> list[FeatureResult]:
    """Each feature of the router; a template that cannot be rendered is that feature's
    error (the other features are still judged). ``intents`` collects each rendering."""
    tree = parse(running)
    results = []
    for feature in features:
        try:
            intended = rendered(task, feature.template)
        except TemplateError as exc:
            results.append(FeatureResult(feature.name, False, error=str(exc)))
            continue
        if intents is not None:
            intents[feature.name] = intended
        results.append(judge(feature, tree, intended))
    return results


@functools.lru_cache(maxsize=256)
def _version(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def template_version(task: Task, template: str) -> str | None:
    """The first 12 hex digits of the template file's SHA-256 (None: not a file here)."""
    path = templates_dir_of(task) / template
    if not path.is_file():
        path = Path(template)
    try:
        return _version(path, path.stat().st_mtime_ns)
    except OSError:
        return None


def _masked(
    result: FeatureResult, feature: Feature, task: Task, intended: str | None
) -> dict[str, Any]:
    data = result.to_dict()
    for key in ("missing", "extra", "remediation"):
        data[key] = mask("\n".join(data[key])).splitlines() if data[key] else []
    data["template"] = feature.template
    data["template_version"] = template_version(task, feature.template)
    lines = [line for line in (intended or "").splitlines() if line.strip()[:1] not in ("", "!")]
    data["intended"] = mask("\n".join(lines)).splitlines()
    return data


def check_compliance(
    task: Task,
    *,
    features: Sequence[Feature | Mapping[str, Any]],
    fresh: bool = False,
    live: bool = False,
    backups_dir: str | os.PathLike[str] | None = None,
) -> Result:
    """Judge each of ``features`` (Features, or their dicts) on the router: its intended
    lines (the feature's template, rendered as ``render_config`` does) against its running
    config (its latest backup in ``backups_dir``; with ``fresh`` a backup taken now; with
    ``live`` the running-config read over NAPALM and not saved, as after a commit). Reads
    only; never changes a router.

    Raises:
        NetautoError: the router has no backup (and not ``fresh``).
        DeviceError: the fresh backup failed.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``source`` (``backup``, ``fresh``, ``live``), ``backup`` (a file),
            ``features`` (one dict per feature: ``status``, ``missing``, ``extra``, ``order``,
            ``remediation``, ``error``, the ``intended`` lines, ``template`` and
            ``template_version``; secrets masked)
          * changed (``bool``): always False
    """
    chosen = as_features(features)
    running = running_of(task, fresh, backups_dir, live)
    intents: dict[str, str] = {}
    results = judged(task, chosen, running, intents)
    data = {
        "source": "live" if live else "fresh" if fresh else "backup",
        "backup": str(_backup_of(task, backups_dir)),
        "features": [
            _masked(result, feature, task, intents.get(feature.name))
            for result, feature in zip(results, chosen, strict=True)
        ],
    }
    return Result(host=task.host, result=data, changed=False)


check_compliance.operation_type = "compliance_check"  # type: ignore[attr-defined]
