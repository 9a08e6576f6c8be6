"""The operations log of a deploy: every step recorded, secrets never in clear text."""

from __future__ import annotations

import json

import pytest
from deploylab import (  # noqa: F401  (fixtures)
    Project,
    fleet_fixture,
    fresh_fleet_fixture,
    project_fixture,
    show_running,
)

from netauto.db.engine import session_scope
from netauto.db.models import Run


def test_snmp_deploy_logged_with_the_community_masked(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETAUTO_SNMP_COMMUNITY", "s3cret-community")
    monkeypatch.setenv("NETAUTO_USER", "alice")
    result = project.run("deploy", "-t", "ios/snmp.j2", "-H", "R15", "--commit", "--yes")
    assert result.exit_code == 0, result.output
    assert "s3cret-community" not in result.output
    assert "snmp-server community s3cret-community RO" in show_running(project.fleet, "R15")
    [row] = project.operations("config_deploy")
    stored = json.dumps([row.command, row.result, row.diff, row.error_message])
    assert "s3cret-community" not in stored
    assert "snmp-server community <removed> RO" in row.result["result"]["candidate"]
    assert row.changed and row.status == "success" and "+snmp-server location lab" in row.diff
    assert row.result["result"]["committed"] and row.result["result"]["snapshot"]
    with session_scope(project.database_url) as session:
        runs = list(session.query(Run).filter(Run.runbook == "deploy"))
        assert [run.username for run in runs] == ["alice"]
        assert runs[0].arguments is not None and runs[0].arguments["template"] == "ios/snmp.j2"
