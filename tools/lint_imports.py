#!/usr/bin/env python3
"""Check the import-linter contracts of pyproject.toml (``python3 tools/lint_imports.py``).

``tasks/`` and ``plugins/`` import as ``netauto.tasks`` and ``netauto.plugins`` through
setuptools' ``package-dir`` mapping, which import-linter's graph builder (grimp) cannot see:
it walks the folder of ``netauto``. This script lays the three folders out as the wheel does
(``netauto/``, ``netauto/tasks/``, ``netauto/plugins/``) in a temporary folder, puts it first
on the path and runs ``lint-imports`` there with the repository's pyproject.toml; its exit
code is lint-imports' own. ``.ci/run`` runs it after mypy, ``tests/test_layers.py`` in the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = {"netauto": "netauto", "tasks": "netauto/tasks", "plugins": "netauto/plugins"}


def lay_out(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "skeleton", "static", "templates")
    for source, destination in LAYOUT.items():
        shutil.copytree(ROOT / source, target / destination, ignore=ignore, dirs_exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    lint = Path(sys.executable).with_name("lint-imports")
    with tempfile.TemporaryDirectory(prefix="netauto-layers-") as folder:
        lay_out(Path(folder))
        env = {**os.environ, "PYTHONPATH": folder}
        options = ["--no-logo", "--no-cache", *(sys.argv[1:] if argv is None else argv)]
        command = [str(lint), str(ROOT / "pyproject.toml"), *options]
        return subprocess.run(command, cwd=folder, env=env, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
