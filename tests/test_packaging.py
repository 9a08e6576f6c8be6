"""tasks/ and plugins/ import as netauto.tasks and netauto.plugins, editable and from a wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from netauto_testing import build_wheel, copy_source

import netauto.plugins
import netauto.tasks

REPO = Path(__file__).resolve().parent.parent


def test_editable_install_maps_the_top_level_folders() -> None:
    assert Path(netauto.tasks.__file__).resolve() == REPO / "tasks" / "__init__.py"
    assert Path(netauto.plugins.__file__).resolve() == REPO / "plugins" / "__init__.py"


def test_wheel_installs_them_under_netauto(tmp_path: Path) -> None:
    wheel = build_wheel(copy_source(tmp_path / "src"), tmp_path / "dist")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "netauto/tasks/__init__.py" in names
    assert "netauto/plugins/oplog.py" in names
    assert "netauto/plugins/credentials.py" in names
    assert "netauto/db/migrations/versions/0001_initial.py" in names
    assert "netauto/db/migrations/script.py.mako" in names
    assert not any(n.startswith(("tasks/", "plugins/")) for n in names)
    # The project netauto init writes: package data, though its folders hold no Python file.
    skeleton = {n.removeprefix("netauto/skeleton/") for n in names if "/skeleton/" in n}
    shipped = REPO / "netauto" / "skeleton"
    assert skeleton == {
        p.relative_to(shipped).as_posix() for p in shipped.rglob("*") if p.is_file()
    }
    assert {"config.yaml", "gitignore", "README.md", "inventory/hosts.yaml"} <= skeleton
    assert {"templates/ios/ntp.j2", "inventory/example-production/hosts.yaml"} <= skeleton

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


def test_a_new_subpackage_lands_in_the_wheel_with_no_edit(tmp_path: Path) -> None:
    source = copy_source(tmp_path / "src")
    added = ("netauto/newpkg/__init__.py", "tasks/newsub/__init__.py", "netauto/newpkg/inner/m.py")
    for name in added:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text("")
    names = set(zipfile.ZipFile(build_wheel(source, tmp_path / "dist")).namelist())
    assert "netauto/newpkg/__init__.py" in names
    assert "netauto/tasks/newsub/__init__.py" in names
    assert "netauto/newpkg/inner/m.py" in names  # a folder without __init__.py too
    assert not any("__pycache__" in n or n.startswith(("tasks/", "plugins/")) for n in names)


INVENTORY_SCALARS = """
R1: {hostname: 127.0.0.1, port: 2222, groups: [routers]}
R2:
  hostname: 127.0.0.2
  data:
    enabled: yes
    mode: on
    octal: 010
    new_octal: 0o10
    hex: 0x1F
    time: 1:30
    big: 1_000
    inf: .inf
    none: ~
    when: 2002-12-14
    exp: 1e3
    quoted: '010'
    tagged: !!str 12
    flag: True
  connection_options: {netmiko: {extras: {conn_timeout: 5}}}
base: &base {platform: ios}
R3: {<<: *base, hostname: 127.0.0.3}
"""


def test_nornir_inventories_are_read_by_libyaml_with_the_same_values() -> None:
    """ruamel.yaml.clib is installed, so SimpleInventory's YAML(typ="safe") parses with
    libyaml (0.29 -> 0.11 CPU-s at 1,000 hosts), and reads what the pure parser reads."""
    import io

    import ruamel.yaml
    from ruamel.yaml.main import CParser

    fast, pure = ruamel.yaml.YAML(typ="safe"), ruamel.yaml.YAML(typ="safe", pure=True)
    assert CParser is not None and fast.Parser is CParser
    texts = [INVENTORY_SCALARS]
    texts += [path.read_text() for path in (REPO / "inventory").glob("*.yaml")]
    for text in texts:
        assert repr(fast.load(io.StringIO(text))) == repr(pure.load(io.StringIO(text)))
