"""The scheduler loop on SQLite and PostgreSQL against the lab: fires are runs linked to their
schedule; a fire still running is not started again; downtime means one catch-up fire; disable
and add take effect without a restart."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import Project, make_project
from schedule_helpers import idle, netauto, operations, runs, set_due, task, ticking, wait_for

from netauto.clock import utcnow
from netauto.project import Project as Opened
from netauto.settings import load_settings


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture
def lab_project(tmp_path: Path, database_url: str, fleet: Any) -> Project:
    return make_project(tmp_path, database_url, fleet)


def add(project: Project, name: str, *args: str) -> None:
    result = netauto(project, "schedule", "add", name, *args)
    assert result.exit_code == 0, result.output


def test_fires_are_linked_runs_and_the_schedule_stays_current(lab_project: Project) -> None:
    url = lab_project.database_url
    add(lab_project, "often", "--runbook", "backup", "-H", "R15,R16", "--every", "1s")
    schedule_id = task(url, "often").id
    with ticking(load_settings(lab_project.config)):
        wait_for(lambda: len(runs(url, "often", "success")) >= 2, "two backups")
    done = runs(url, "often", "success")
    for run in done:
        assert run.task_id == schedule_id and run.runbook == "backup"
        assert run.hosts_total == 2 and run.finished_at is not None
        rows = operations(url, run.id)
        assert sorted(op.host or "-" for op in rows) == ["-", "R15", "R16"]  # + the git commit
        assert all(op.status == "success" for op in rows)
    row = task(url, "often")
    newest = runs(url, "often", "success", "failed")[-1]  # a slot may have been skipped
    assert row.last_run_id == newest.id and row.last_status == newest.status
    assert row.last_run is not None and row.next_run is not None and row.next_run > row.last_run
    assert (lab_project.backups / "R15.cfg").exists()
    [listed] = json.loads(netauto(lab_project, "schedule", "list", "--json").output)
    assert listed["last_status"] == "success" and listed["last_run_id"] == str(newest.id)


def test_a_fire_still_running_is_skipped_and_logged(lab_project: Project) -> None:
    url = lab_project.database_url
    lab_project.fleet.set_fault("R15", latency=0.4)  # each command answers late: a slow run
    add(lab_project, "slow", "--runbook", "backup", "-H", "R15", "--every", "1s")
    with ticking(load_settings(lab_project.config)):
        wait_for(lambda: runs(url, "slow", "skipped"), "a skipped fire")
        wait_for(lambda: runs(url, "slow", "success"), "the slow backup to end")
    started = runs(url, "slow", "success", "failed")
    for earlier, later in itertools.pairwise(started):
        assert earlier.finished_at is not None and later.started_at >= earlier.finished_at
    first = started[0]
    skipped = runs(url, "slow", "skipped")[0]
    assert first.finished_at is not None and skipped.started_at <= first.finished_at
    assert skipped.hosts_total == 0 and "still running" in skipped.arguments["reason"]
    assert operations(url, skipped.id) == []
    shown = netauto(lab_project, "schedule", "show", "slow").output
    assert "skipped" in shown and "previous fire still running" in shown
    from netauto.db.events import recent_events

    told = [e for e in recent_events(url) if e.kind == "fire_skipped"]  # an event too
    assert told and told[-1].run_id == str(skipped.id) and "slow" in told[-1].text


def test_after_downtime_a_missed_schedule_fires_once(lab_project: Project) -> None:
    from netauto.schedule.scheduler import Scheduler

    url = lab_project.database_url
    add(lab_project, "hourly", "--runbook", "check", "-H", "R15", "--every", "1h")
    now = utcnow()
    set_due(url, "hourly", when=now - timedelta(hours=5, minutes=1))  # five slots missed
    scheduler = Scheduler(Opened(load_settings(lab_project.config)))
    assert scheduler.tick() == ["hourly"]
    assert scheduler.tick() == []  # the same slot is not fired twice, nor the missed ones
    assert scheduler.wait(60) == []
    assert scheduler.tick() == []
    assert [run.status for run in runs(url, "hourly")] == ["success"]
    following = task(url, "hourly").next_run
    assert following is not None and now < following <= now + timedelta(hours=1)


def test_disable_and_add_take_effect_without_a_restart(lab_project: Project) -> None:
    url = lab_project.database_url
    add(lab_project, "first", "--runbook", "check", "-H", "R15", "--every", "1s")
    with ticking(load_settings(lab_project.config)):
        wait_for(lambda: runs(url, "first"), "a fire of the first schedule")
        assert netauto(lab_project, "schedule", "disable", "first").exit_code == 0
        wait_for(lambda: idle(url, "first"), "its fire to end")
        fired = len(runs(url, "first"))
        # Added while the scheduler runs: its fires prove later ticks happened.
        add(lab_project, "second", "--runbook", "check", "-H", "R16", "--every", "1s")
        wait_for(lambda: len(runs(url, "second", "success")) >= 2, "two fires of the second")
        assert len(runs(url, "first")) == fired
        assert netauto(lab_project, "schedule", "edit", "second", "-H", "R17").exit_code == 0
        wait_for(lambda: runs(url, "second")[-1].arguments["hosts"] == ["R17"], "the edit")
    assert len(runs(url, "first")) == fired
