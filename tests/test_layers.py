"""The layers of docs/architecture.md hold: pyproject.toml's import-linter contracts pass.

``tools/lint_imports.py`` (also run by ``.ci/run``) checks them on netauto laid out as the
wheel installs it; here the suite itself fails on a broken contract. The contracts list no
exception (no ``ignore_imports``), and every top-level module of netauto sits in a layer, so
a new one cannot slip past the check unplaced.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TOOL = REPO / "tools" / "lint_imports.py"


def _contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lint_imports", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _top_level() -> set[str]:
    """netauto's top-level modules and packages, as installed (tasks/ and plugins/ inside)."""
    found = {"netauto.tasks", "netauto.plugins"}
    for path in (REPO / "netauto").iterdir():
        if path.suffix == ".py" and path.stem != "__init__":
            found.add(f"netauto.{path.stem}")
        elif (path / "__init__.py").is_file():
            found.add(f"netauto.{path.name}")
    return found


def _layered() -> set[str]:
    [layers] = [c for c in _contracts() if c["type"] == "layers"]
    return {name for layer in layers["layers"] for name in re.split(r"[|:\s]+", layer) if name}


def _lint(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(cwd)} if cwd is not None else None
    command = [str(lint), str(REPO / "pyproject.toml"), "--no-logo", "--no-cache", *arguments]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_contracts_pass() -> None:
    done = subprocess.run(
        [sys.executable, str(TOOL)], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in done.stdout


def test_the_contracts_list_no_exception() -> None:
    for contract in _contracts():
        exceptions = {"ignore_imports", "skip_descendants"} & set(contract)
        assert not exceptions, f"{contract['id']}: {sorted(exceptions)}"


def test_every_top_level_module_is_in_a_layer() -> None:
    layered = _layered()
    assert _top_level() - layered == set()
    assert layered - _top_level() == set()  # no layer names a module that is gone


def test_the_check_sees_an_arrow_back_up(tmp_path: Path) -> None:
    """A task importing the database, and a plain module importing the engine (inside a
    function, which counts too): refused, and the second one makes a circle."""
    _tool().lay_out(tmp_path)
    task = tmp_path / "netauto" / "tasks" / "show_command.py"
    task.write_text(task.read_text() + "\nfrom netauto.db import locks  # noqa\n")
    text = tmp_path / "netauto" / "text.py"
    text.write_text(text.read_text() + "\n\ndef _up():\n    import netauto.engine.session\n")
    done = _lint(cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "netauto.tasks is not allowed to import netauto.db" in done.stdout
    assert "netauto.text is not allowed to import netauto.engine" in done.stdout
    assert "No cycles are allowed in netauto." in done.stdout
    assert "Contracts: 1 kept, 3 broken." in done.stdout
