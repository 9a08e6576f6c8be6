"""``netauto init DIR``: the project skeleton shipped in the package, written to a folder.

The last test is the user's first five minutes: the wheel installed into a fresh venv outside
the repository, ``netauto init`` in an empty folder, the lab up and a backup of all routers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from netauto_testing import REPO, build_wheel, copy_source

from netauto.cli import cli
from netauto.exceptions import UsageError
from netauto.project import init_project, skeleton_files

SKELETON = REPO / "netauto" / "skeleton"
ROUTERS = [f"R{n}" for n in range(15, 26)]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["init", *args])


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}


def test_init_writes_every_file_of_the_skeleton(tmp_path: Path) -> None:
    folder = tmp_path / "my-fleet"
    result = run(str(folder))
    assert result.exit_code == 0, result.output
    expected = {name.as_posix() for name in skeleton_files()}
    assert files_under(folder) == expected
    assert {
        "config.yaml",
        "README.md",
        ".gitignore",
        "inventory/hosts.yaml",
        "inventory/groups.yaml",
        "inventory/defaults.yaml",
        "inventory/example-production/hosts.yaml",
        "inventory/example-production/config.yaml",
        "templates/ios/ntp.j2",
    } <= expected
    assert "gitignore" not in expected
    for name in expected:
        source = SKELETON / ("gitignore" if name == ".gitignore" else name)
        assert (folder / name).read_bytes() == source.read_bytes(), name
    assert "netauto.db*" in (folder / ".gitignore").read_text()
    assert f"Wrote {len(expected)} files to {folder}:" in result.output
    assert f"cd {folder} && netauto lab up --detach && netauto backup" in result.output
    assert "Kept" not in result.output


def test_init_reports_json(tmp_path: Path) -> None:
    result = run(str(tmp_path / "fleet"), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["folder"] == str(tmp_path / "fleet")
    assert sorted(report["written"]) == sorted(n.as_posix() for n in skeleton_files())
    assert report["kept"] == []
    assert report["next"].endswith("netauto lab up --detach && netauto backup")


def test_an_existing_empty_folder_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "here").mkdir()
    written = init_project(Path("here"))
    assert all(path.is_absolute() for path in written)
    assert len(written) == len(skeleton_files())


def test_a_non_empty_folder_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "my-fleet"
    folder.mkdir()
    (folder / ".notes").write_text("mine\n")
    result = run("my-fleet")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: my-fleet is not empty; netauto init --force adds the missing files and never "
        "overwrites one"
    ]
    assert files_under(folder) == {".notes"}
    (tmp_path / "a-file").write_text("x\n")
    result = run("a-file")
    assert result.exit_code == 2 and result.stderr == "Error: a-file is not a folder\n"
    assert (tmp_path / "a-file").read_text() == "x\n"


def test_force_adds_the_missing_files_and_never_overwrites_one(tmp_path: Path) -> None:
    folder = tmp_path / "my-fleet"
    init_project(folder)
    (folder / "config.yaml").write_text("# mine\n")
    (folder / "templates" / "ios" / "ntp.j2").unlink()
    (folder / "inventory" / "example-production" / "hosts.yaml").unlink()
    (folder / "README.md").unlink()
    (folder / "README.md").symlink_to("nowhere")  # a dangling link is kept too, not followed
    with pytest.raises(UsageError, match="not empty"):
        init_project(folder)
    result = run(str(folder), "--force", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert sorted(report["written"]) == [
        "inventory/example-production/hosts.yaml",
        "templates/ios/ntp.j2",
    ]
    assert {"config.yaml", "README.md", ".gitignore"} <= set(report["kept"])
    assert len(report["kept"]) == len(skeleton_files()) - 2
    assert (folder / "config.yaml").read_text() == "# mine\n"
    assert (folder / "README.md").is_symlink() and not (folder / "nowhere").exists()
    assert (folder / "templates/ios/ntp.j2").read_bytes() == (
        SKELETON / "templates/ios/ntp.j2"
    ).read_bytes()
    (folder / "templates" / "ios" / "ntp.j2").unlink()
    once = run(str(folder), "--force")  # counts in English: one file
    assert once.exit_code == 0 and f"Wrote 1 file to {folder}:" in once.output, once.output
    again = run(str(folder), "--force")
    assert again.exit_code == 0
    assert "Wrote 0 files" in again.output
    assert f"Kept {len(skeleton_files())} existing files as they are:" in again.output


def test_force_refuses_a_file_where_a_folder_of_the_project_goes(tmp_path: Path) -> None:
    (tmp_path / "templates").write_text("not a folder\n")
    with pytest.raises(UsageError, match=r"^\S+/templates is not a folder$"):
        init_project(tmp_path, force=True)
    assert files_under(tmp_path) == {"templates"}  # refused before anything was written
    assert (tmp_path / "templates").read_text() == "not a folder\n"


def test_the_project_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netauto import init_nornir
    from netauto.db.engine import dispose_engines
    from netauto.settings import load_settings

    for name in [name for name in os.environ if name.startswith("NETAUTO_")]:
        monkeypatch.delenv(name)
    folder = tmp_path / "my-fleet"
    init_project(folder)
    config = folder / "config.yaml"
    try:
        settings = load_settings(config)
        assert settings.database_url == f"sqlite:///{folder / 'netauto.db'}"
        assert settings.templates_dir == folder / "templates"
        assert settings.backups_dir == folder / "backups"
        assert settings.lab_state_dir == folder / ".netauto" / "lab"
        nr = init_nornir(config, record=False)
        routers = nr.filter(filter_func=lambda host: "routers" in host.groups)
        assert sorted(routers.inventory.hosts) == ROUTERS
        assert {h.hostname for h in routers.inventory.hosts.values()} == {
            f"127.0.0.{n}" for n in range(15, 26)
        }
        assert {h.port for h in routers.inventory.hosts.values()} == {settings.lab_port}
    finally:
        dispose_engines()


@pytest.mark.timeout(240)
def test_the_wheel_in_an_empty_folder(tmp_path: Path) -> None:
    """pip install of the wheel into a fresh venv, then init, lab up, backup: no repository."""
    from netauto.lab import free_port

    assert not tmp_path.is_relative_to(REPO)
    wheel = build_wheel(copy_source(tmp_path / "src"), tmp_path / "dist")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The dependencies are this interpreter's, seen after the venv's own site-packages (a
    # plain path line: the editable netauto's .pth hook there is not run), so nothing is
    # downloaded and `netauto` is the wheel's.
    purelib = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (purelib / "_netauto_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    subprocess.run([*install, "--no-deps", "--no-index", str(wheel)], check=True)

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and k != "VIRTUAL_ENV"}
    env = {k: v for k, v in env.items() if not k.startswith("NETAUTO_")}
    env["NETAUTO_LAB_PORT"] = str(free_port())
    empty = tmp_path / "empty"
    empty.mkdir()
    netauto = str(venv / "bin" / "netauto")

    def call(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
        )

    where = call(str(python), "-c", "import netauto; print(netauto.__file__)", cwd=empty)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()) == purelib / "netauto" / "__init__.py"
    assert not Path(where.stdout.strip()).is_relative_to(REPO)

    made = call(netauto, "init", "my-fleet", cwd=empty)
    assert made.returncode == 0, made.stderr
    assert "cd my-fleet && netauto lab up --detach && netauto backup" in made.stdout
    project = empty / "my-fleet"
    try:
        up = call(netauto, "lab", "up", "--detach", cwd=project)
        assert up.returncode == 0, up.stdout + up.stderr
        assert (project / ".netauto" / "lab").is_dir()
        backup = call(netauto, "backup", cwd=project)
        assert backup.returncode == 0, backup.stdout + backup.stderr
        # What the later capabilities read from the wheel: compliance.yaml and its templates,
        # every migration (poll's samples, the search index), the common-passwords list.
        judged = call(netauto, "compliance", "-H", "R15", cwd=project)
        assert judged.returncode == 1, judged.stdout + judged.stderr  # a factory router
        assert "0 compliant, 1 not compliant." in judged.stdout, judged.stdout
        polled = call(netauto, "poll", "-H", "R15", cwd=project)
        assert polled.returncode == 0, polled.stdout + polled.stderr
        found = call(netauto, "search", "ntp server", "--kind", "config", cwd=project)
        assert found.returncode == 0 and "R15" in found.stdout, found.stdout + found.stderr
        listed = call(
            str(python),
            "-c",
            "from netauto.passwords import *; print(len(common_passwords()))",
            cwd=project,
        )
        assert listed.returncode == 0 and int(listed.stdout) >= 9000, listed.stderr
        assert "Traceback" not in judged.stderr + polled.stderr + found.stderr
    finally:
        down = call(netauto, "lab", "down", cwd=project)
    assert down.returncode == 0, down.stdout + down.stderr
    for name in ROUTERS:
        assert f"hostname {name}\n" in (project / "backups" / f"{name}.cfg").read_text()
    assert (project / "netauto.db").is_file()
    assert not (purelib / "netauto" / "skeleton" / "netauto.db").exists()
