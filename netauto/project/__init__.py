"""A netauto project: a folder holding config.yaml, inventory/ and templates/.

- :func:`init_project` (``netauto init``) writes a new one from the skeleton shipped in the
  package (:mod:`netauto.scaffold`).
- :class:`Project` opens one (``Project.open("config.yaml")`` or its folder): the settings,
  the database, the operator and the executor that every entry point holds, with the reads
  and admin operations as its parts (:mod:`netauto.project.core`).
"""

from __future__ import annotations

from netauto.project.core import Project, config_path
from netauto.scaffold import init_project, skeleton, skeleton_files

__all__ = ["Project", "config_path", "init_project", "skeleton", "skeleton_files"]
