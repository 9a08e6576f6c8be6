"""deploy and rollback against the simulated fleet, with the real NAPALM ios driver."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import DEPLOY, NTP, Project, changed_lines, make_project, show_running

from netauto.tasks import deploy_config

INTENDED = {"-ntp server 192.0.2.123", "+ntp server 192.0.2.10", "+ntp server 192.0.2.11"}


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


def test_dry_run_changes_nothing(project: Project) -> None:
    fleet = project.fleet
    before = {name: fleet.router(name) for name in fleet.names}
    result = project.run("deploy", "--template", "ios/ntp.j2")
    assert result.exit_code == 0, result.output
    assert "+ntp server 192.0.2.10" in result.output
    assert "-ntp server 192.0.2.123" in result.output
    assert "3 would change. Dry run: nothing was committed (add --commit)." in result.output
    for name in fleet.names:
        after = fleet.router(name)
        assert after.running_config == before[name].running_config
        assert after.startup_config == before[name].startup_config
    rows = project.operations("config_deploy")
    assert len(rows) == 3 and all(row.status == "success" for row in rows)
    assert all(row.result["result"]["committed"] is False for row in rows)


def test_commit_changes_exactly_the_intended_lines(project: Project) -> None:
    fleet = project.fleet
    before = {name: show_running(fleet, name) for name in fleet.names}
    result = project.run("deploy", "-t", "ios/ntp.j2", "--commit", "--yes")
    assert result.exit_code == 0, result.output
    assert "committed, post-checks passed" in result.output
    assert "3 committed." in result.output
    for name in fleet.names:
        assert changed_lines(before[name], show_running(fleet, name)) == INTENDED
    # The plan (each router's dry-run diff) and the commit of exactly that plan.
    plans = {row.host: row for row in project.operations("config_deploy")}
    rows = project.operations("config_commit")
    assert {row.host for row in rows} == set(plans) == set(fleet.names)
    for row in rows:
        assert row.status == "success" and row.changed
        assert row.diff is not None and "+ntp server 192.0.2.10" in row.diff
        assert row.diff == plans[row.host].diff
        assert plans[row.host].result["result"]["status"] == "would change"
        summary = row.result["result"]
        assert summary["committed"] and summary["status"] == "committed"
        assert "ntp server 192.0.2.11" in summary["candidate"]


def test_second_deploy_of_same_intent_changes_nothing(project: Project) -> None:
    fleet = project.fleet
    first = project.run("deploy", "-t", "ios/ntp.j2", "--commit", "--yes")
    assert first.exit_code == 0, first.output
    settled = {name: fleet.router(name).running_config for name in fleet.names}
    second = project.run("deploy", "-t", "ios/ntp.j2", "--commit", "--yes")
    assert second.exit_code == 0, second.output
    assert "0 committed." in second.output and "no change" in second.output
    for name in fleet.names:
        # Byte for byte, change timestamp included: nothing was committed.
        assert fleet.router(name).running_config == settled[name]
    latest = project.operations("config_deploy")[-3:]
    assert all(not row.changed and not row.diff for row in latest)


def test_invalid_line_rolls_back_that_router_only(
    tmp_path: Path, sqlite_url: str, fleet: Any
) -> None:
    bad = {"R16": {"ntp_servers": ["192.0.2.10", "192.0.2.300"]}}
    project = make_project(tmp_path, sqlite_url, fleet, data=bad, **DEPLOY)
    before = {name: show_running(fleet, name) for name in fleet.names}
    result = project.run("deploy", "-t", "ios/ntp.j2", "--commit", "--yes")
    assert result.exit_code == 1, result.output
    assert "rolled back, unchanged" in result.output
    assert "2 committed, 1 rolled back." in result.output
    assert changed_lines(before["R16"], show_running(fleet, "R16")) == set()
    for name in ("R15", "R17"):
        assert changed_lines(before[name], show_running(fleet, name)) == INTENDED
    failed = [row for row in project.operations("config_commit") if row.status == "failed"]
    assert [row.host for row in failed] == ["R16"]
    assert failed[0].result is not None
    assert "rolled back" in (failed[0].error_message or "")


def test_failing_post_check_under_revert_timer_reverts(project: Project) -> None:
    fleet = project.fleet
    before = fleet.router("R15")

    def ntp_synchronised(task: Any, device: Any) -> str | None:
        return "clock not synchronised to 192.0.2.10"

    nr = project.nornir(dry_run=False).filter(name="R15")
    result = nr.run(
        task=deploy_config, template="ios/ntp.j2", revert_in=60, checks=[ntp_synchronised]
    )
    nr.close_connections(on_good=True, on_failed=True)
    outcome = result["R15"][0]
    assert outcome.failed and not outcome.changed
    assert outcome.result["status"] == "rolled back"
    assert outcome.result["committed"] and not outcome.result["confirmed"]
    assert "post-check failed: ntp_synchronised" in str(outcome.exception)
    after = fleet.router("R15")
    assert not after.revert_pending
    assert changed_lines(before.running_config, after.running_config) == set()


def test_revert_timer_confirmed_when_checks_pass(project: Project) -> None:
    result = project.run(
        "deploy", "-t", "ios/ntp.j2", "-H", "R15", "--commit", "-y", "--revert-in", "120"
    )
    assert result.exit_code == 0, result.output
    assert "post-checks passed, confirmed" in result.output
    assert not project.fleet.router("R15").revert_pending


def test_rollback_restores_the_pre_change_config(project: Project) -> None:
    fleet = project.fleet
    original = show_running(fleet, "R15")
    deployed = project.run("deploy", "-t", "ios/ntp.j2", "-H", "R15", "--commit", "--yes")
    assert deployed.exit_code == 0, deployed.output
    assert changed_lines(original, show_running(fleet, "R15")) == INTENDED

    preview = project.run("rollback", "-H", "R15")
    assert preview.exit_code == 0, preview.output
    assert "would change" in preview.output and "ntp server 192.0.2.10" in preview.output
    assert changed_lines(original, show_running(fleet, "R15")) == INTENDED

    restored = project.run("rollback", "-H", "R15", "--commit", "--yes")
    assert restored.exit_code == 0, restored.output
    assert changed_lines(original, show_running(fleet, "R15")) == set()
    rows = project.operations("config_rollback")
    assert rows[-1].status == "success" and rows[-1].changed
    assert rows[-1].result["result"]["status"] == "would change"
    commit = project.operations("config_commit")[-1]
    assert commit.host == "R15" and commit.result["result"]["status"] == "committed"
    assert commit.result["result"]["mode"] == "replace"


def test_rollback_without_a_saved_config_fails(project: Project) -> None:
    result = project.run("rollback", "-H", "R15")
    assert result.exit_code == 2
    assert "R15: no stored pre-change config" in result.output


def test_commit_asks_first_and_declining_commits_nothing(project: Project) -> None:
    before = project.fleet.router("R15").running_config
    result = project.run("deploy", "-t", "ios/ntp.j2", "-H", "R15", "--commit", stdin="n\n")
    assert "1 router will change: R15." in result.output
    assert "Nothing was committed." in result.output
    assert result.exit_code == 1
    assert project.fleet.router("R15").running_config == before


def test_concurrent_deploy_on_one_router_is_refused(project: Project) -> None:
    """A deploy holds R15 (its post-check waits); a second process must be refused at once."""
    holding, done = threading.Event(), threading.Event()

    def hold(task: Any, device: Any) -> str | None:
        holding.set()
        done.wait(120)
        return None

    nr = project.nornir(dry_run=False).filter(name="R15")
    outcome: dict[str, Any] = {}

    def first() -> None:
        outcome["result"] = nr.run(task=deploy_config, template="ios/ntp.j2", checks=[hold])

    worker = threading.Thread(target=first)
    worker.start()
    try:
        assert holding.wait(120)
        second = subprocess.run(
            [
                str(Path(sys.executable).parent / "netauto"),
                "deploy",
                "--json",
                "--config",
                str(project.config),
                "-H",
                "R15",
                "-t",
                "ios/ntp.j2",
                "--commit",
                "-y",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        done.set()
        worker.join(120)
        nr.close_connections(on_good=True, on_failed=True)
    assert second.returncode == 1, second.stdout + second.stderr
    rows = json.loads(second.stdout)
    assert rows[0]["host"] == "R15" and rows[0]["status"] == "failed"
    assert rows[0]["detail"].startswith("R15 is locked by")
    assert not outcome["result"].failed
    assert NTP[0] in project.fleet.router("R15").running_config
