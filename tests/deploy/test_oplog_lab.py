"""The operations log of a deploy: every step recorded, secrets never in clear text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from netauto_testing import DEPLOY, Project, show_running

from netauto.db.engine import session_scope
from netauto.db.models import Run


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


def test_snmp_deploy_logged_with_the_community_masked(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETAUTO_SNMP_COMMUNITY", "s3cret-community")
    monkeypatch.setenv("NETAUTO_USER", "alice")
    result = project.run("deploy", "-t", "ios/snmp.j2", "-H", "R15", "--commit", "--yes")
    assert result.exit_code == 0, result.output
    assert "s3cret-community" not in result.output
    assert "snmp-server community s3cret-community RO" in show_running(project.fleet, "R15")
    [plan] = project.operations("config_deploy")
    assert plan.result["result"]["status"] == "would change" and plan.diff
    assert "s3cret-community" not in json.dumps([plan.command, plan.result, plan.diff])
    [row] = project.operations("config_commit")
    stored = json.dumps([row.command, row.result, row.diff, row.error_message])
    assert "s3cret-community" not in stored
    assert "snmp-server community <removed> RO" in row.result["result"]["candidate"]
    assert row.changed and row.status == "success" and "+snmp-server location lab" in row.diff
    assert row.result["result"]["committed"] and row.result["result"]["snapshot"]
    with session_scope(project.database_url) as session:
        runs = list(session.query(Run).filter(Run.runbook == "deploy"))
        assert [run.username for run in runs] == ["alice"]
        assert runs[0].arguments is not None and runs[0].arguments["template"] == "ios/snmp.j2"
