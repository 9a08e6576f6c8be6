"""Files describing a fleet to its clients: Nornir inventory, config file, known_hosts.

``write_project`` copies a project's config.yaml and inventory/ (by default the skeleton that
``netauto init`` writes, package data) into a folder and points them at a fleet (its hosts,
addresses and port), so ``init_nornir(config_file=...)`` runs against it exactly as against
the default lab.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from netauto.lab.addressing import RouterSpec
from netauto.scaffold import skeleton


def hosts(specs: list[RouterSpec], port: int) -> dict[str, dict[str, Any]]:
    """hosts.yaml entries: group routers, one loopback address each, the fleet's port."""
    return {
        s.name: {
            "hostname": s.address,
            "port": port,
            "groups": ["routers"],
            "data": {
                "site": "lab",
                "role": "core" if s.number in (15, 16) else "edge",
                "model": s.model,
            },
        }
        for s in specs
    }


def write_hosts(path: Path, specs: list[RouterSpec], port: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Written by netauto lab up: the routers this lab serves.\n---\n"
    path.write_text(header + yaml.safe_dump(hosts(specs, port), sort_keys=False))
    return path


def _source_config(project_config: Path | None) -> dict[str, Any]:
    """The project's config file, else the skeleton's (the one ``netauto init`` writes)."""
    if project_config is not None and project_config.is_file():
        loaded = yaml.safe_load(project_config.read_text())
        if isinstance(loaded, dict):
            return loaded
    shipped: dict[str, Any] = yaml.safe_load((skeleton() / "config.yaml").read_text())
    return shipped


def write_project(
    folder: Path,
    specs: list[RouterSpec],
    port: int,
    *,
    project_config: Path | None = None,
    netauto: dict[str, Any] | None = None,
) -> Path:
    """config.yaml + inventory/ in ``folder`` for this fleet; returns the config file."""
    inventory = folder / "inventory"
    inventory.mkdir(parents=True, exist_ok=True)
    for name in ("groups.yaml", "defaults.yaml"):
        source = project_config.parent / "inventory" / name if project_config else None
        if source is not None and source.is_file():
            (inventory / name).write_bytes(source.read_bytes())
        else:
            (inventory / name).write_bytes((skeleton() / "inventory" / name).read_bytes())
    write_hosts(inventory / "hosts.yaml", specs, port)
    config = _source_config(project_config)
    options = config.setdefault("inventory", {}).setdefault("options", {})
    options.update(
        host_file=str(inventory / "hosts.yaml"),
        group_file=str(inventory / "groups.yaml"),
        defaults_file=str(inventory / "defaults.yaml"),
    )
    section = config.setdefault("user_defined", {}).setdefault("netauto", {})
    section.setdefault("lab", {})["port"] = port
    section.update(netauto or {})
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path
