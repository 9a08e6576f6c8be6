"""tasks/ and plugins/ import as netauto.tasks and netauto.plugins, editable and from a wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import netauto.plugins
import netauto.tasks

REPO = Path(__file__).resolve().parent.parent


def test_editable_install_maps_the_top_level_folders() -> None:
    assert Path(netauto.tasks.__file__).resolve() == REPO / "tasks" / "__init__.py"
    assert Path(netauto.plugins.__file__).resolve() == REPO / "plugins" / "__init__.py"


def test_wheel_installs_them_under_netauto(tmp_path: Path) -> None:
    source = tmp_path / "src"
    for name in ("netauto", "tasks", "plugins"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        check=True,
    )
    wheel = next((tmp_path / "dist").glob("netauto-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "netauto/tasks/__init__.py" in names
    assert "netauto/plugins/oplog.py" in names
    assert "netauto/plugins/credentials.py" in names
    assert "netauto/db/migrations/versions/0001_initial.py" in names
    assert "netauto/db/migrations/script.py.mako" in names
    assert not any(n.startswith(("tasks/", "plugins/")) for n in names)

    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = (
        "import netauto.plugins.oplog, netauto.plugins.credentials, netauto.tasks, netauto.db;"
        "print(netauto.plugins.oplog.__file__); print(netauto.tasks.__file__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    ).stdout.split()
    assert out == [
        str(unpacked / "netauto" / "plugins" / "oplog.py"),
        str(unpacked / "netauto" / "tasks" / "__init__.py"),
    ]
