"""Project.open: one object per entry point for settings, database, operator; its parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from netauto_testing import many_hosts, write_project

from netauto.db import migrate
from netauto.exceptions import ConfigError, PermissionDenied
from netauto.project import Project

ENV = ("NETAUTO_CONFIG", "NETAUTO_DATABASE_URL", "NETAUTO_USER", "NETAUTO_CONNECT_TIMEOUT")


@pytest.fixture
def config(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    return write_project(tmp_path / "fleet", database_url, many_hosts(3))


def test_a_project_opens_from_its_file_its_folder_or_the_environment(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_file = Project.open(config, user="alice")
    by_folder = Project.open(config.parent, user="alice")
    assert by_file.config_file == by_folder.config_file == config
    assert by_file.folder == config.parent and by_file.operator == "alice"
    monkeypatch.setenv("NETAUTO_CONFIG", str(config))
    monkeypatch.setenv("NETAUTO_USER", "bob")
    default = Project.open()
    assert default.config_file == config and default.operator == "bob"
    with pytest.raises(ConfigError, match="file not found"):
        Project.open(config.parent / "nowhere.yaml")


def test_the_schema_is_made_on_first_use_once(config: Path) -> None:
    project = Project.open(config)
    url = project.database_url
    assert migrate.current_revision(url) is None  # opening reads, creates nothing
    assert project.devices.list() == []
    assert migrate.current_revision(url) == migrate.HEAD


def test_acting_as_shares_the_project_and_records_the_new_operator(config: Path) -> None:
    project = Project.open(config, user="setup")
    alice = project.acting_as("alice")
    assert alice.settings is project.settings and alice.operator == "alice"
    assert project.operator == "setup"
    alice.users.add("bob@example.com", "viewer")
    [audit] = project.operations.query(types=["user_add"])
    assert audit.username == "alice" and audit.host is None
    alice.settings_table.set("connect_timeout", "4.5")
    # Every view of the project sees the stored value (the settings are read again once).
    assert project.settings.connect_timeout == 4.5
    assert project.settings_table.row("connect_timeout").source == "database"


def test_authorize_refuses_an_unknown_operator_when_enforced(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netauto.auth import Permission

    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    config = write_project(tmp_path, database_url, many_hosts(1), {"auth": {"enforce": True}})
    project = Project.open(config, user="mallory")
    with pytest.raises(PermissionDenied, match="unknown user 'mallory'"):
        project.require(Permission.READ)
    project.acting_as("setup").users.add("ada@example.com", "viewer")
    ada = project.acting_as("ada")
    assert ada.require(Permission.READ) is ada
    with pytest.raises(PermissionDenied, match="needs the operator role"):
        ada.require(Permission.CHANGE)


def test_the_inventory_is_read_without_a_run(config: Path) -> None:
    project = Project.open(config)
    hosts = project.inventory()
    assert sorted(hosts) == ["R0", "R1", "R2"]
    assert hosts["R0"].groups == ("routers",) and hosts["R0"].address == "127.1.0.1"
    assert [d.name for d in project.devices.list()] == ["R0", "R1", "R2"]  # synced
    assert project.runs.page().rows == [] and project.operations.query() == []
    from netauto.engine.options import Selection
    from netauto.exceptions import HostSelectionError

    assert project.check_selection(Selection(groups=["routers"])) == ["R0", "R1", "R2"]
    with pytest.raises(HostSelectionError, match="no host matches: R99"):
        project.check_selection(Selection(hosts=["R99"]))


def test_the_spool_is_replayed_by_the_library(config: Path) -> None:
    from netauto.cli import cli

    project = Project.open(config)
    done = project.spool.replay()
    assert (done.found, done.replayed, done.pending) == (0, 0, 0)
    done.check()  # nothing pending, nothing to say
    result = CliRunner().invoke(cli, ["ops", "replay", "--config", str(config)])
    assert result.exit_code == 0 and result.output.startswith("Nothing to replay")
