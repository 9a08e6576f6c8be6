"""A project whose inventory of record is the device registry (``netauto.database``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from netauto_testing import Project, make_project


def registry_project(folder: Path, database_url: str, fleet: Any, **options: Any) -> Project:
    """``make_project``, with ``inventory.plugin: netauto.database``: its hosts.yaml (the
    fleet) seeds the empty registry on the first load."""
    project = make_project(folder, database_url, fleet, **options)
    config = yaml.safe_load(project.config.read_text())
    config["inventory"]["plugin"] = "netauto.database"
    project.config.write_text(yaml.safe_dump(config))
    return project
