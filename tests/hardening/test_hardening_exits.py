"""Hardening (issue 30), exit codes and one-line errors: bad settings, templates that raise,
database URLs that name nothing, a router that cannot show its config, a run stopped early."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from netauto_testing import DEPLOY, PG_SERVER, Project, make_project
from sqlalchemy import select

from netauto.cli import cli
from netauto.db.engine import session_scope
from netauto.db.models import Run

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/none"


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 1


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


def _logins(fleet: Any) -> int:
    return sum(fleet.core.server(name).state.logins for name in fleet.names)


def _edit(project: Project, change: Any) -> None:
    config = yaml.safe_load(project.config.read_text())
    change(config)
    project.config.write_text(yaml.safe_dump(config))


def _one_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in output, output
    return lines[0]


@pytest.mark.parametrize("workers", ["lots", 0, True, 2.5])
def test_a_bad_num_workers_is_one_line_exit_2(project: Project, workers: Any) -> None:
    _edit(project, lambda config: config["runner"]["options"].update(num_workers=workers))
    before = _logins(project.fleet)
    result = project.run("facts")
    assert result.exit_code == 2
    assert "runner.options.num_workers" in _one_line(result.output)
    assert _logins(project.fleet) == before


def test_a_template_raising_at_render_is_exit_2_naming_template_and_line(
    project: Project, tmp_path: Path
) -> None:
    template = tmp_path / "divide.j2"
    template.write_text("hostname {{ host.name }}\nntp server {{ 1 // 0 }}\n")
    result = project.run("render", "-t", str(template))
    assert result.exit_code == 2
    line = _one_line(result.output)
    assert "divide.j2 line 2" in line and "ZeroDivisionError" in line and "R15" in line


@pytest.mark.parametrize(
    "url, message",
    [
        ("postgresql+psycopg://postgres@127.0.0.1:99999/x", "invalid port"),
        ("postgresql+psycopg://postgres@127.0.0.1:abc/x", "invalid port"),
        (f"{PG_SERVER}/netauto_missing_{uuid.uuid4().hex[:8]}", "does not exist"),
    ],
    ids=["port-out-of-range", "port-not-a-number", "missing-database"],  # one id on each worker
)
def test_a_database_url_naming_nothing_is_one_line_exit_2(
    project: Project, url: str, message: str, postgres_server: Any
) -> None:
    _edit(project, lambda config: config["user_defined"]["netauto"].update(database_url=url))
    before = _logins(project.fleet)
    for command in (("facts",), ("ops", "list")):
        result = CliRunner().invoke(cli, [*command, "--config", str(project.config)])
        assert result.exit_code == 2, result.output
        assert message in _one_line(result.output)
    assert _logins(project.fleet) == before


def test_a_rollback_says_the_router_could_not_show_its_config(
    project: Project, tmp_path: Path
) -> None:
    change = tmp_path / "ntp.cfg"
    change.write_text("ntp server 192.0.2.55\n")
    assert project.run("deploy", "-f", str(change), "--commit", "-y").exit_code == 0
    project.fleet.set_fault("R15", invalid=["show running-config"])
    result = project.run("rollback", "--commit", "--yes")
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert 'show running-config answered "% Invalid input' in said, said
    assert "snapshot's secret" not in said and "NETAUTO_SECRET_KEY" not in said


def test_a_run_stopped_before_any_router_is_replayed_failed(
    fleet: Any, oplog_url: str, tmp_path: Path
) -> None:
    """The database unreachable: deploy --commit cannot take its locks and stops; its run
    goes to the spool, and ``ops replay`` stores it failed with the reason, not 0/0/0 ok."""
    project = make_project(tmp_path, oplog_url, fleet, **DEPLOY)
    _edit(project, lambda c: c["user_defined"]["netauto"].update(database_url=UNREACHABLE))
    change = tmp_path / "ntp.cfg"
    change.write_text("ntp server 192.0.2.56\n")
    before = _logins(fleet)
    result = project.run("deploy", "-f", str(change), "--commit", "-y")
    assert result.exit_code == 1 and _logins(fleet) == before
    _edit(project, lambda c: c["user_defined"]["netauto"].update(database_url=oplog_url))
    replay = CliRunner().invoke(cli, ["ops", "replay", "--config", str(project.config)])
    assert replay.exit_code == 0, replay.output
    with session_scope(oplog_url) as session:
        runs = list(session.scalars(select(Run)))
        assert [(run.runbook, run.status) for run in runs] == [("deploy", "failed")]
        assert "cannot reach the database" in str(runs[0].error_message)
