"""``netauto schedule``: checked at add, listed, edited, fired now; roles of who may schedule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import REPO, Project, make_project
from schedule_helpers import (
    idle,
    netauto,
    operations,
    runs,
    set_due,
    set_role,
    task,
    ticking,
    wait_for,
)

from netauto.settings import load_settings


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return {"templates_dir": str(REPO / "templates")}


def one_line_error(result: Any) -> str:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return str(lines[0])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runbook", "backup", "--cron", "61 * * * *"], "--cron '61 * * * *': Bad minute"),
        (["--runbook", "backup", "--cron", "0 2 * * *", "--timezone", "Nowhere/X"], "timezone"),
        (["--runbook", "backup", "--every", "soon"], "--every 'soon'"),
        (["--runbook", "backup"], "give one of --cron or --every"),
        (["--runbook", "bakcup", "--every", "1h"], "unknown runbook 'bakcup'; choose from backup"),
        (["--runbook", "backup", "--every", "1h", "--template", "x"], "has no option --template"),
        (["--runbook", "deploy", "--every", "1h", "--revert-in", "x"], "expects a whole number"),
        (["--runbook", "render", "--every", "1h"], "runbook render needs --template"),
        (["--runbook", "deploy", "--every", "1h", "--template", "nope.j2"], "nope.j2"),
        (["--runbook", "deploy", "--every", "1h", "--file", "x", "--template", "y"], "one of"),
        (["--runbook", "deploy", "--every", "1h", "-t", "x"], "unexpected argument '-t'"),
        (["--runbook", "facts", "--every", "1h", "--getters", "nope"], "unknown getter 'nope'"),
        (["--runbook", "backup", "--every", "1h", "-H", "R99"], "no host matches: R99"),
        (["--runbook", "backup", "--every", "1h", "-g", "nope"], "no group matches: nope"),
    ],
)
def test_add_refuses_what_would_fail_at_fire_time(
    project: Project, args: list[str], message: str
) -> None:
    result = netauto(project, "schedule", "add", "nightly", *args)
    assert message in one_line_error(result)
    assert json.loads(netauto(project, "schedule", "list", "--json").output) == []


def test_add_list_show_edit_disable_enable_remove(project: Project) -> None:
    added = netauto(
        project, "schedule", "add", "nightly", "--runbook", "backup", "-H", "R15,R16",
        "--cron", "0 2 * * *", "--timezone", "Europe/Paris", "--startup", "-d", "configs",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "Schedule nightly: backup on R15,R16, cron 0 2 * * * (Europe/Paris)" in added.output
    again = netauto(project, "schedule", "add", "nightly", "--runbook", "check", "--every", "1h")
    assert "a schedule named 'nightly' exists" in one_line_error(again)

    [listed] = json.loads(netauto(project, "schedule", "list", "--json").output)
    assert listed["runbook"] == "backup" and listed["options"] == {"startup": True}
    assert listed["selection"]["hosts"] == ["R15", "R16"] and listed["active"] is True
    assert listed["timing"]["text"] == "cron 0 2 * * * (Europe/Paris)"
    assert listed["next_run"] and listed["last_run"] is None
    table = netauto(project, "schedule", "list").output
    assert "nightly" in table and "1 schedule, 1 active, 0 running now." in table

    edited = netauto(project, "schedule", "edit", "nightly", "--every", "30m", "--mask-secrets")
    assert edited.exit_code == 0, edited.output
    assert "every 30m" in edited.output
    shown = netauto(project, "schedule", "show", "nightly").output
    assert "backup --startup --mask-secrets" in shown and "No runs yet." in shown
    bad = netauto(project, "schedule", "edit", "nightly", "--runbook", "deploy")
    assert "give one of --template or --file" in one_line_error(bad)

    assert netauto(project, "schedule", "disable", "nightly").exit_code == 0
    assert task(project.database_url, "nightly").is_active is False
    assert netauto(project, "schedule", "enable", "nightly").exit_code == 0
    assert task(project.database_url, "nightly").is_active is True
    assert netauto(project, "schedule", "remove", "nightly").exit_code == 0
    assert "no schedule named 'nightly'" in one_line_error(
        netauto(project, "schedule", "show", "nightly")
    )


def test_run_now_is_a_linked_run_of_the_schedule(project: Project) -> None:
    url = project.database_url
    netauto(
        project, "schedule", "add", "hourly", "--runbook", "check", "-H", "R15", "--every", "1h"
    )
    before = task(url, "hourly").next_run
    result = netauto(project, "schedule", "run", "hourly", "--user", "ops")
    assert result.exit_code == 0, result.output
    assert "1 online, 0 offline." in result.output
    [run] = runs(url, "hourly")
    assert run.runbook == "check" and run.status == "success" and run.username == "ops"
    assert [op.host for op in operations(url, run.id)] == ["R15"]
    row = task(url, "hourly")
    assert row.last_status == "success" and row.last_run_id == run.id
    assert row.next_run == before  # the timing is unchanged

    from netauto.clock import utcnow
    from netauto.schedule import lease

    assert lease.take(url, row.id, "elsewhere:1", utcnow())  # a fire under way elsewhere
    busy = netauto(project, "schedule", "run", "hourly")
    assert busy.exit_code == 2 and busy.output.strip().splitlines() == [  # a refusal
        "Error: schedule hourly is running (held by elsewhere:1); not started"
    ]
    assert "success" in netauto(project, "schedule", "show", "hourly").output


@pytest.fixture
def enforced(tmp_path: Path, sqlite_url: str, fleet: Any) -> Project:
    """auth.enforce on, with an operator (oli) and a viewer (vic)."""
    from netauto.db.migrate import upgrade

    templates = str(REPO / "templates")
    project = make_project(
        tmp_path, sqlite_url, fleet, templates_dir=templates, auth={"enforce": True}
    )

    upgrade(sqlite_url)
    set_role(sqlite_url, "oli", "operator")
    set_role(sqlite_url, "vic", "viewer")
    return project


PREVIEW = ["--runbook", "deploy", "--template", "ios/ntp.j2", "--every", "1h"]
DEPLOY = [*PREVIEW, "--commit"]


def test_only_an_operator_schedules_changes_and_a_demoted_one_fires_nothing(
    enforced: Project,
) -> None:
    url = enforced.database_url
    refused = netauto(enforced, "schedule", "add", "ntp", *DEPLOY, "--user", "vic")
    assert one_line_error(refused) == "Error: user vic is a viewer: this needs the operator role"
    dry = netauto(enforced, "schedule", "add", "preview", *PREVIEW, "--user", "vic")
    assert dry.exit_code == 0, dry.output  # a dry run changes nothing: a viewer may schedule it
    trigger = netauto(enforced, "schedule", "run", "preview", "--user", "vic")
    assert "needs the operator role" in one_line_error(trigger)

    added = netauto(enforced, "schedule", "add", "ntp", *DEPLOY, "--user", "oli")
    assert added.exit_code == 0, added.output
    assert "needs the operator role" in one_line_error(
        netauto(enforced, "schedule", "disable", "ntp", "--user", "vic")
    )
    set_role(url, "oli", "viewer")  # demoted after adding it
    set_due(url, "ntp")
    with ticking(load_settings(enforced.config)):
        wait_for(lambda: idle(url, "ntp"), "the fire of the demoted operator's schedule")
    [run] = runs(url, "ntp")
    assert run.status == "failed" and run.username == "oli"
    [op] = operations(url, run.id)
    assert op.operation_type == "schedule_fire" and op.status == "failed"
    assert "oli may no longer change routers" in str(op.error_message)
    row = task(url, "ntp")
    assert row.last_status == "failed" and "no longer change routers" in str(row.last_error)
    assert idle(url, "ntp")
    assert enforced.operations("config_commit") == []  # no router was touched
