"""Bootstrap, Chart.js and the icons are served from the package, with their licenses."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from flask import Flask

REPO = Path(__file__).resolve().parents[2]
VENDOR = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/bootstrap/LICENSE",
    "vendor/chartjs/chart.umd.min.js",
    "vendor/chartjs/LICENSE.md",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap-icons/LICENSE",
)


def test_pages_load_nothing_from_elsewhere(app: Flask, as_role: object) -> None:
    client = as_role("admin")  # type: ignore[operator]
    for path in ("/", "/devices/", "/operations/", "/automation/", "/chat/", "/settings/"):
        html = client.get(path).text
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), path
        for asset in re.findall(r"""(?:src|href)="(/static/[^"]+)\"""", html):
            response = client.get(asset)
            assert response.status_code == 200, asset
            response.close()
    for name in VENDOR:
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and response.data, name
        response.close()


def test_the_wheel_carries_templates_and_assets(tmp_path: Path) -> None:
    source = tmp_path / "src"
    for name in ("netauto", "tasks", "plugins"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(REPO / name, source / name)
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run([*pip, "-w", str(tmp_path / "dist"), str(source)], check=True)
    names = set(zipfile.ZipFile(next((tmp_path / "dist").glob("netauto-*.whl"))).namelist())
    assert {f"netauto/web/static/{name}" for name in VENDOR} <= names
    assert {"netauto/web/templates/base.html", "netauto/web/static/js/netauto.js"} <= names
