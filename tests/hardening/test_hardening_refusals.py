"""Hardening, refusals and wrong data are failures, and they are logged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from netauto_testing import DEPLOY, Project

from netauto.db.locks import device_lock


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


def _json(project: Project, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = project.run(*args, "--json")
    return result.exit_code, json.loads(result.stdout[result.stdout.index("[") :])


def test_host_refused_by_a_lock_gets_a_failed_row(project: Project) -> None:
    with device_lock(project.database_url, "R15", owner="alice"):
        code, rows = _json(project, "deploy", "-t", "ios/ntp.j2", "--commit", "--yes")
    assert code == 1
    assert {row["host"]: row["status"] for row in rows} == {"R15": "failed", "R16": "committed"}
    refused = [row for row in project.operations("config_deploy") if row.host == "R15"]
    assert len(refused) == 1 and refused[0].status == "failed"
    assert (refused[0].error_message or "").startswith("R15 is locked by alice")
    run = project.runs()[-1]
    assert (run.status, run.hosts_total, run.hosts_failed) == ("failed", 2, 1)


def test_show_version_answering_invalid_fails_facts_and_keeps_the_model(
    project: Project,
) -> None:
    assert project.run("facts", "-H", "R15").exit_code == 0
    model = project.devices()["R15"].model
    assert model not in ("unknown", "Unknown")
    project.fleet.set_fault("R15", invalid=["show version"])
    code, rows = _json(project, "facts", "-H", "R15")
    assert code == 1
    assert rows[0]["status"] == "failed"
    assert "show version could not be read" in rows[0]["detail"]
    assert project.devices()["R15"].model == model
    assert project.operations("facts")[-1].status == "failed"


def test_invalid_show_running_config_is_not_called_an_scp_problem(project: Project) -> None:
    project.fleet.set_fault("R16", invalid=["show running-config"])
    code, rows = _json(project, "deploy", "-H", "R16", "-t", "ios/ntp.j2")
    assert code == 1
    detail = rows[0]["detail"]
    assert detail.startswith('show running-config: the router answered "% Invalid input'), detail
    assert "SCP" not in detail
