"""``netauto scheduler`` as real processes: detached with status and stop, one per SQLite
database, SIGTERM in the middle of a run, two schedulers sharing one PostgreSQL database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import Project, make_project
from schedule_helpers import (
    netauto,
    operations,
    runs,
    set_due,
    start_scheduler,
    task,
    terminate,
    wait_for,
)


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


def add(project: Project, name: str, *args: str) -> None:
    result = netauto(project, "schedule", "add", name, *args)
    assert result.exit_code == 0, result.output


def test_detached_scheduler_fires_backups_and_stops(project: Project, tmp_path: Path) -> None:
    """The issue's "done when", with a 1 s interval instead of 10 s."""
    url = project.database_url
    add(project, "nightly", "--runbook", "backup", "--every", "1s")
    started = netauto(project, "scheduler", "--detach")
    assert started.exit_code == 0, started.output
    try:
        assert "Scheduler started (pid" in started.output
        wait_for(lambda: len(runs(url, "nightly", "success")) >= 2, "two scheduled backups")
        status = netauto(project, "scheduler", "status")
        assert status.exit_code == 0 and "Scheduler running: pid" in status.output
        # A second scheduler: refused for this project, and for this SQLite file elsewhere.
        again = netauto(project, "scheduler")
        assert again.exit_code == 2 and "already running for this project" in again.output
        other = make_project(tmp_path / "other", url, project.fleet)
        second = netauto(other, "scheduler")
        assert second.exit_code == 2, second.output
        assert second.output.strip().splitlines() == [
            f"Error: another scheduler (pid {status.output.split('pid ')[1].split(';')[0]}) uses "
            "this SQLite database: SQLite takes one scheduler (PostgreSQL takes several)"
        ]
    finally:
        stopped = netauto(project, "scheduler", "stop")
    assert stopped.exit_code == 0 and "Scheduler stopped" in stopped.output, stopped.output
    assert netauto(project, "scheduler", "status").exit_code == 1
    [listed] = json.loads(netauto(project, "schedule", "list", "--json").output)
    done = runs(url, "nightly", "success", "failed")  # not the skipped slots, if any
    assert listed["last_run_id"] == str(done[-1].id) and listed["last_status"] == "success"
    assert {run.status for run in done} == {"success"}
    assert all(len(operations(url, run.id)) == 4 for run in done)  # 3 routers + git commit
    log = (project.folder / ".netauto" / "scheduler.log").read_text()
    assert "scheduler started" in log and "fired nightly (backup)" in log
    assert "scheduler stopped" in log


def test_sigterm_mid_run_lets_it_finish_and_starts_nothing(project: Project) -> None:
    from netauto.clock import utcnow

    url = project.database_url
    for name in project.fleet.names:
        project.fleet.set_fault(name, latency=0.5)  # a run of a few seconds
    add(project, "slow", "--runbook", "backup", "--every", "1h")
    add(project, "other", "--runbook", "check", "-H", "R15", "--every", "1h")
    set_due(url, "slow")
    log = project.folder / "scheduler.log"
    process = start_scheduler(project.config, log, "--grace", "60")
    try:
        wait_for(lambda: runs(url, "slow", "running"), "the run to start")
    finally:
        process.terminate()  # one SIGTERM (a second one would stop the waiting)
    wait_for(lambda: "stopping: waiting up to 60 s for slow" in log.read_text(), "stopping")
    set_due(url, "other")  # due while the scheduler finishes: it must not start
    due_at = utcnow()
    assert process.wait(90) == 0, log.read_text()
    [run] = runs(url, "slow")
    assert run.status == "success" and run.hosts_total == 3
    assert run.finished_at is not None and run.finished_at > due_at  # it was still running
    rows = operations(url, run.id)
    assert len(rows) == 4 and {op.status for op in rows} == {"success"}
    row = task(url, "slow")
    assert row.locked_by is None and row.last_status == "success" and row.last_run_id == run.id
    assert runs(url, "other") == []
    assert "scheduler stopped" in log.read_text()


def test_two_schedulers_on_postgresql_fire_each_due_slot_once(
    tmp_path: Path, postgres_url: str, fleet: Any
) -> None:
    first = make_project(tmp_path / "a", postgres_url, fleet)
    second = make_project(tmp_path / "b", postgres_url, fleet)
    names = ["one", "two", "three"]
    for name in names:
        add(first, name, "--runbook", "check", "-H", "R15", "--every", "1h")
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    processes = [
        start_scheduler(p.config, log) for p, log in zip((first, second), logs, strict=True)
    ]
    rounds = 3
    try:
        wait_for(lambda: all(log.exists() and "started" in log.read_text() for log in logs), "both")
        for round_ in range(1, rounds + 1):
            set_due(postgres_url, *names)  # every schedule due at once: both race for each
            for name in names:
                wait_for(
                    lambda name=name, count=round_: (
                        len(runs(postgres_url, name, "success")) >= count
                        and task(postgres_url, name).locked_by is None
                    ),
                    f"round {round_} of {name}",
                )
        assert all(process.poll() is None for process in processes)  # both competed throughout
    finally:
        codes = [terminate(process) for process in processes]
    assert codes == [0, 0], [log.read_text() for log in logs]
    for name in names:
        assert [run.status for run in runs(postgres_url, name)] == ["success"] * rounds
    fired = sum(log.read_text().count("firing ") for log in logs)
    assert fired == rounds * len(names)
