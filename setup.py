"""The package list, found rather than kept: everything else is in pyproject.toml.

tasks/ and plugins/ are top-level folders that install as netauto.tasks and netauto.plugins
(``package-dir`` in pyproject.toml); setuptools' own discovery cannot prefix them, so every
folder holding Python files under the three roots is listed here, with or without an
``__init__.py``. A new subpackage lands in the wheel with no edit.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import find_namespace_packages, setup

ROOTS = {"netauto": "netauto", "tasks": "netauto.tasks", "plugins": "netauto.plugins"}


def packages(folder: str, name: str) -> list[str]:
    found = (
        sub
        for sub in find_namespace_packages(folder)
        if any(Path(folder, *sub.split(".")).glob("*.py"))
    )
    return [name, *(f"{name}.{sub}" for sub in found)]


setup(packages=[p for folder, name in ROOTS.items() for p in packages(folder, name)])
