"""Hardening (issue 30), paths from data: host names and template names never leave their
folder; refusals exit 2 before any router."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from aistub import StubServer, ai_section
from netauto_testing import DEPLOY, Project, make_project

EVIL = "../../x/pwned"


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


def _logins(fleet: Any) -> int:
    return sum(fleet.core.server(name).state.logins for name in fleet.names)


def _evil(folder: Path, url: str, fleet: Any, **netauto: Any) -> Project:
    """R16 in the inventory as ``../../x/pwned``, the project two folders down."""
    project = make_project(folder / "a" / "b", url, fleet, **{**DEPLOY, **netauto})
    hosts_file = project.folder / "inventory" / "hosts.yaml"
    hosts = yaml.safe_load(hosts_file.read_text())
    hosts[EVIL] = hosts.pop("R16")
    hosts_file.write_text(yaml.safe_dump(hosts))
    return project


@pytest.fixture
def evil(fleet: Any, tmp_path: Path, sqlite_url: str) -> Project:
    return _evil(tmp_path, sqlite_url, fleet)


def _nothing_outside(root: Path) -> None:
    assert not list(root.rglob("pwned*")), list(root.rglob("pwned*"))


@pytest.mark.parametrize("command", [("backup",), ("render", "-t", "ios/ntp.j2")])
def test_a_host_name_that_is_a_path_is_refused_before_any_router(
    evil: Project, fleet: Any, tmp_path: Path, command: tuple[str, ...]
) -> None:
    before = _logins(fleet)
    result = evil.run(*command)
    assert result.exit_code == 2, result.output
    assert result.output.strip().count("\n") == 0 and EVIL in result.output, result.output
    assert _logins(fleet) == before
    _nothing_outside(tmp_path)


def test_generate_refuses_it_too(
    fleet: Any, tmp_path: Path, sqlite_url: str, stub: StubServer
) -> None:
    """Each host's candidate is saved as ``<host>-<time>.cfg``: the same check, exit 2."""
    project = _evil(tmp_path, sqlite_url, fleet, ai=ai_section(stub))
    before = _logins(fleet)
    result = project.run("generate", "--intent", "add ntp server 192.0.2.1")
    assert result.exit_code == 2 and EVIL in _one(result.output)
    assert _logins(fleet) == before and not stub.requests
    _nothing_outside(tmp_path)


def _one(output: str) -> str:
    assert output.strip().count("\n") == 0, output
    return output


def test_the_writers_check_the_name_themselves(evil: Project, tmp_path: Path) -> None:
    """A library user running the task on a plain Nornir: the host fails, nothing written."""
    from netauto.tasks.backup_config import backup_config

    nr = evil.nornir()
    result = nr.run(task=backup_config, backups_dir=str(evil.backups), update_device=False)
    assert result[EVIL].failed and "cannot name a file" in str(result[EVIL][0].exception)
    assert not result["R15"].failed
    _nothing_outside(tmp_path)


def test_render_reads_templates_only(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:CanaryShadow30:19000:0:99999:7:::\n")
    for name in (str(secret), str(tmp_path)):
        result = project.run("render", "-t", name)
        assert result.exit_code == 2, result.output
        assert "CanaryShadow30" not in result.output and "not a template" in result.output
    mine = tmp_path / "mine.j2"
    mine.write_text("hostname {{ host.name }}\n")
    result = project.run("render", "-t", str(mine), "-q")
    assert result.exit_code == 0, result.output
