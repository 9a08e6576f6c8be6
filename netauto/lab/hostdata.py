"""Router models from the project's Nornir inventory: ``data.model`` of each host.

``netauto lab up`` serves each router as the image its inventory entry names (``CISCO2911`` or
``ISR4331``, with or without ``/K9``), so a project that describes its routers gets the same
fleet in the lab. The value may come from the host, one of its groups (in order, groups of
groups too) or the defaults, as Nornir resolves ``host.data``. Only SimpleInventory files are
read; ``--models`` wins over them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from netauto.exceptions import LabError
from netauto.settings import read_yaml

_FILES = {"host_file": "hosts.yaml", "group_file": "groups.yaml", "defaults_file": "defaults.yaml"}


def _mapping(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    loaded = read_yaml(path)
    return loaded if isinstance(loaded, dict) else {}


def _model(entry: Any) -> str | None:
    data = entry.get("data") if isinstance(entry, dict) else None
    model = data.get("model") if isinstance(data, dict) else None
    return str(model) if model else None


def _from_groups(names: Any, groups: Mapping[str, Any], seen: set[str]) -> str | None:
    for name in names if isinstance(names, list) else []:
        if name in seen or name not in groups:
            continue
        seen.add(name)
        entry = groups[name]
        found = _model(entry) or _from_groups(entry.get("groups"), groups, seen)
        if found:
            return found
    return None


def inventory_files(config_file: Path) -> dict[str, Path] | None:
    """host/group/defaults files of a SimpleInventory config, relative to its folder.

    The folder of the config file as named, symlinks not followed (as ``load_settings``).
    """
    config_file = Path(os.path.abspath(config_file.expanduser()))
    if not config_file.is_file():
        return None
    config = read_yaml(config_file)
    section = config.get("inventory") if isinstance(config, dict) else None
    inventory: dict[str, Any] = section if isinstance(section, dict) else {}
    if inventory.get("plugin", "SimpleInventory") != "SimpleInventory":
        return None
    found = inventory.get("options")
    options: dict[str, Any] = found if isinstance(found, dict) else {}
    files = {}
    for key, default in _FILES.items():
        path = Path(str(options.get(key) or default)).expanduser()
        files[key] = path if path.is_absolute() else config_file.parent / path
    return files


def host_models(config_file: Path) -> dict[str, str]:
    """``{"R20": "ISR4331", ...}``: lab routers (``R<n>``) whose inventory data names a model."""
    from netauto.lab.models import get_model

    files = inventory_files(config_file)
    if files is None:
        return {}
    hosts = _mapping(files["host_file"])
    groups = _mapping(files["group_file"])
    default = _model(_mapping(files["defaults_file"]))
    chosen = {}
    for name, entry in hosts.items():
        if not re.fullmatch(r"R\d+", str(name)):
            continue
        entry = entry if isinstance(entry, dict) else {}
        model = _model(entry) or _from_groups(entry.get("groups"), groups, set()) or default
        if model is None:
            continue
        try:
            chosen[str(name)] = get_model(model).key
        except LabError as error:
            raise LabError(
                f"{files['host_file']}: {name}: {error}; or choose with --models"
            ) from None
    return chosen


def combine(models: str | None, from_inventory: Mapping[str, str]) -> str | None:
    """The ``--models`` spec to serve: inventory models, then ``models`` on top.

    A router named in ``models`` keeps that model; a bare model there (``ISR4331``) is meant
    for every router, so the inventory is not consulted at all.
    """
    parts = [p.strip() for p in (models or "").split(",") if p.strip()]
    if any("=" not in part for part in parts) or not from_inventory:
        return models
    inventory_parts = [f"{name}={model}" for name, model in from_inventory.items()]
    return ",".join(inventory_parts + parts)
