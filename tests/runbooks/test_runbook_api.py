"""The runbook API: every runbook from Python without click; reports, events, the change flow."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import DEPLOY, REPO, Project, changed_lines, show_running

from netauto.exceptions import HostSelectionError, TemplateError, UsageError
from netauto.runbooks import (
    ChangePlan,
    Progress,
    RunOptions,
    Selection,
    backup,
    check,
    deploy,
    facts,
    render,
    rollback,
)

INTENDED = {
    "-ntp server 192.0.2.1",
    "+ntp server 192.0.2.10",
    "+ntp server 192.0.2.11",
}


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


def options(project: Project, **kwargs: Any) -> RunOptions:
    return RunOptions(config=project.config, **kwargs)


SCRIPT = """
import json, sys
from netauto.runbooks import (
    RunOptions, Selection, backup, check, deploy, facts, health, render, rollback,
)

options = RunOptions(config=sys.argv[1], user="script")
one = Selection(hosts=["R15"])
reports = [
    check(one, options=options),
    backup(one, options=options),
    facts(one, getters=["facts"], options=options),
    health(one, options=options),
    render(one, template="ios/ntp.j2", output=sys.argv[2], options=options),
    deploy(one, template="ios/ntp.j2", commit=True, options=options),
    rollback(one, commit=True, options=options),
]
print(json.dumps({
    "click": sorted(m for m in sys.modules if m.split(".")[0] in ("click", "rich")),
    "reports": [report.to_dict() for report in reports],
}, default=str))
"""


def test_every_runbook_runs_from_python_without_click(project: Project) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(project.config), str(project.folder / "out")],
        capture_output=True,
        text=True,
        cwd=project.folder,
        env={**os.environ, "NETAUTO_USER": ""},
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["click"] == []
    reports = {report["runbook"]: report for report in answer["reports"]}
    assert list(reports) == ["check", "backup", "facts", "health", "render", "deploy", "rollback"]
    for report in reports.values():
        assert report["failed"] is False and report["counts"]["total"] == 1, report
        assert report["run_id"] and report["hosts"][0]["host"] == "R15"
    assert reports["check"]["hosts"][0]["status"] == "online"
    assert reports["backup"]["followups"][0]["name"] == "git commit"
    assert reports["facts"]["hosts"][0]["data"]["facts"]["hostname"] == "R15"
    assert reports["render"]["note"] == "Rendered only: no router was touched."
    assert reports["deploy"]["hosts"][0]["data"]["status"] == "committed"
    assert reports["rollback"]["hosts"][0]["data"]["status"] == "committed"
    assert reports["backup"]["hosts"][0]["diff"].startswith("--- a/R15.cfg")
    runs = project.runs()
    assert [run.runbook for run in runs] == list(reports)
    assert {run.username for run in runs} == {"script"}


def test_backup_report_holds_outcomes_counts_and_the_git_commit(project: Project) -> None:
    events: list[Progress] = []
    report = backup(Selection(groups=["routers"]), options=options(project, on_event=events.append))
    assert not report.failed and report.counts == {
        "total": 3,
        "ok": 3,
        "failed": 0,
        "changed": 3,
    }
    assert [outcome.host for outcome in report.hosts] == ["R15", "R16", "R17"]
    first = report.host("R15")
    assert first.changed and "first backup" in first.detail and first.data["first"]
    [commit] = report.followups
    assert commit.status == "ok" and commit.data["hosts"] == ["R15", "R16", "R17"]
    assert re.fullmatch(r"[0-9a-f]{40}", commit.data["sha"])
    [row] = project.operations("git_commit")
    assert row.host is None and str(row.run_id) == report.run_id
    assert row.result["sha"] == commit.data["sha"]
    kinds = [event.kind for event in events]
    assert kinds[0] == "started" and kinds[-1] == "finished" and kinds.count("host") == 3
    assert {event.host for event in events if event.kind == "host"} == {"R15", "R16", "R17"}
    assert events[-1].done == 3 and events[-1].failed == 0 and events[0].runbook == "backup"

    again = backup(options=options(project))
    assert again.counts["changed"] == 0 and again.followups[0].status == "skipped"


def test_failures_are_outcomes_and_bad_input_raises(project: Project) -> None:
    project.fleet.set_fault("R16", down=True)
    report = check(options=options(project))
    assert report.failed and report.counts["offline"] == 1
    assert report.host("R16").status == "offline" and report.host("R16").detail
    assert report.summary == "2 online, 1 offline."
    with pytest.raises(HostSelectionError, match="R99"):
        check(Selection(hosts=["R99"]), options=options(project))
    with pytest.raises(UsageError, match="unknown getter"):
        facts(getters=["nope"], options=options(project))
    with pytest.raises(TemplateError):
        render(template="ios/missing.j2", options=options(project))
    with pytest.raises(UsageError, match=r"^revert_in needs commit"):
        deploy(template="ios/ntp.j2", revert_in=120, options=options(project))


def test_declined_change_commits_nothing_and_the_plan_shows_every_diff(project: Project) -> None:
    fleet = project.fleet
    before = {name: show_running(fleet, name) for name in fleet.names}
    seen: list[ChangePlan] = []

    def decline(plan: ChangePlan) -> bool:
        seen.append(plan)
        return False

    report = deploy(template="ios/ntp.j2", commit=True, confirm=decline, options=options(project))
    assert report.declined and not report.failed
    [plan] = seen
    assert plan.hosts == ["R15", "R16", "R17"] and plan.run_id == report.run_id
    for name in fleet.names:
        assert "+ntp server 192.0.2.10" in plan.changes[name].diff
        assert "ntp server 192.0.2.11" in plan.changes[name].candidate
        assert changed_lines(before[name], show_running(fleet, name)) == set()
    assert "candidate" not in report.host("R15").data  # the full text stays out of reports
    assert len(project.operations("config_deploy")) == 3
    assert project.operations("config_commit") == []


def test_commit_is_the_previewed_candidate_not_a_re_rendered_one(
    project: Project, tmp_path: Path
) -> None:
    """A template edited while the operator reads the diff does not change what is committed."""
    templates = tmp_path / "templates"
    (templates / "ios").mkdir(parents=True)
    source = (REPO / "templates" / "ios" / "ntp.j2").read_text()
    (templates / "ios" / "ntp.j2").write_text(source)
    text = project.config.read_text().replace(str(REPO / "templates"), str(templates))
    project.config.write_text(text)

    def confirm(plan: ChangePlan) -> bool:
        (templates / "ios" / "ntp.j2").write_text("ntp server 192.0.2.99\n")
        return True

    report = deploy(
        Selection(hosts=["R15"]),
        template="ios/ntp.j2",
        commit=True,
        confirm=confirm,
        options=options(project),
    )
    assert not report.failed, report.hosts
    after = show_running(project.fleet, "R15")
    assert "ntp server 192.0.2.10" in after and "192.0.2.99" not in after


def test_router_changed_since_the_preview_is_not_committed(project: Project) -> None:
    from netmiko import ConnectHandler

    fleet = project.fleet
    before = show_running(fleet, "R16")

    def change_behind_our_back(plan: ChangePlan) -> bool:
        with ConnectHandler(
            device_type="cisco_ios",
            host=fleet.address("R16"),
            port=fleet.port,
            username="netauto",
            password="netauto-lab",
            secret="netauto-enable",
        ) as connection:
            connection.enable()
            connection.send_config_set(["ntp server 192.0.2.10"])
        return True

    report = deploy(
        Selection(hosts=["R15", "R16"]),
        template="ios/ntp.j2",
        commit=True,
        confirm=change_behind_our_back,
        options=options(project),
    )
    assert report.failed
    assert report.host("R15").data["status"] == "committed"
    failed = report.host("R16")
    assert failed.status == "failed" and "not the one previewed" in failed.detail
    running = show_running(fleet, "R16")
    assert changed_lines(before, running) == {"+ntp server 192.0.2.10"}  # ours only


@pytest.mark.parametrize("path", ["prompt", "yes", "library"])
def test_previewed_change_rows_are_the_same_on_every_path(project: Project, path: str) -> None:
    """One plan row and one commit row per host that changes, however the commit was asked."""
    if path == "prompt":
        result = project.run("deploy", "-t", "ios/ntp.j2", "--commit", stdin="y\n")
        assert result.exit_code == 0, result.output
    elif path == "yes":
        result = project.run("deploy", "-t", "ios/ntp.j2", "--commit", "--yes")
        assert result.exit_code == 0, result.output
    else:
        report = deploy(template="ios/ntp.j2", commit=True, options=options(project))
        assert not report.failed
    plans = project.operations("config_deploy")
    commits = project.operations("config_commit")
    assert sorted(row.host for row in plans) == sorted(row.host for row in commits)
    assert len(plans) == 3
    assert {row.result["result"]["status"] for row in plans} == {"would change"}
    assert {row.result["result"]["status"] for row in commits} == {"committed"}
    assert len({row.run_id for row in plans + commits}) == 1
    for name in project.fleet.names:
        assert "ntp server 192.0.2.10" in show_running(project.fleet, name)


def test_rollback_through_the_api(project: Project) -> None:
    deploy(Selection(hosts=["R17"]), template="ios/ntp.j2", commit=True, options=options(project))
    preview = rollback(Selection(hosts=["R17"]), options=options(project))
    assert preview.dry_run and preview.host("R17").data["status"] == "would change"
    assert preview.note == "1 would change. Dry run: nothing was committed."
    done = rollback(Selection(hosts=["R17"]), commit=True, options=options(project))
    assert done.host("R17").data["status"] == "committed" and done.note == "1 committed."
    assert "ntp server 192.0.2.1" in show_running(project.fleet, "R17")


def test_counts_name_every_status() -> None:
    from netauto.runbooks import HostOutcome, RunReport

    report = RunReport(
        "health",
        None,
        [
            HostOutcome("R1", "online"),
            HostOutcome("R2", "warning", changed=True),
            HostOutcome("R3", "offline"),
            HostOutcome("R4", "failed"),
            HostOutcome("R5", "ok"),
        ],
    )
    assert report.counts == {
        "total": 5,
        "ok": 3,
        "failed": 2,
        "changed": 1,
        "online": 1,
        "warning": 1,
        "offline": 1,
    }
    assert report.failed and report.to_dict()["counts"] == report.counts
