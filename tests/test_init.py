"""``netauto init DIR``: the project skeleton shipped in the package, written to a folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from netauto_testing import REPO

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
