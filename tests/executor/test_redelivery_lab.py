"""A commit delivered twice in one run (its worker died mid-commit) never commits twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import DEPLOY, Project, make_project
from sqlalchemy import func, select

from netauto.db.engine import session_scope
from netauto.db.snapshots import ConfigSnapshot, save_snapshot
from netauto.plan import ChangePlan, PlannedChange
from netauto.runner.oplog import oplog_processor
from netauto.tasks import commit_config, deploy_config


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture
def run(tmp_path: Path, sqlite_url: str, fleet: Any) -> Iterator[tuple[Project, Any, ChangePlan]]:
    """R15 of a project, inside a run, with the plan of the ntp template."""
    project = make_project(tmp_path, sqlite_url, fleet, **DEPLOY)
    nr = project.nornir(dry_run=False).filter(name="R15")
    processor = oplog_processor(nr)
    assert processor is not None
    with processor.run("deploy", {}):
        planned = nr.run(task=deploy_config, template="ios/ntp.j2", dry_run=True)["R15"][0]
        change = PlannedChange("R15", planned.result["candidate"], str(planned.diff))
        yield project, nr, ChangePlan("deploy", None, [], {"R15": change})
    nr.close_connections(on_good=True, on_failed=True)
    processor.writer.close()


def snapshots(project: Project) -> int:
    with session_scope(project.database_url) as session:
        return int(session.scalar(select(func.count()).select_from(ConfigSnapshot)) or 0)


def test_the_second_delivery_finds_the_commit_done(run: tuple[Project, Any, ChangePlan]) -> None:
    project, nr, plan = run
    first = nr.run(task=commit_config, plan=plan)["R15"][0]
    assert first.result["status"] == "committed"
    committed = project.fleet.router("R15").running_config
    second = nr.run(task=commit_config, plan=plan)["R15"]
    assert not second.failed
    assert second[0].result["status"] == "committed" and second[0].result["redelivered"]
    assert second[0].result["post_checks"]  # finished as the first attempt would have
    assert second[0].diff == plan.changes["R15"].diff
    # Not committed again: the config, change timestamp included, is byte for byte the same.
    assert project.fleet.router("R15").running_config == committed
    assert snapshots(project) == 1


def test_an_interrupted_attempt_that_changed_nothing_is_not_redone(
    run: tuple[Project, Any, ChangePlan],
) -> None:
    from netauto.context import context_of

    project, nr, plan = run
    before = project.fleet.router("R15").running_config
    context = context_of(nr)
    assert context is not None
    # The killed attempt got as far as its snapshot, not to the commit.
    save_snapshot(project.database_url, "R15", before, run_id=context.run_id)
    again = nr.run(task=commit_config, plan=plan)["R15"]
    assert again.failed
    assert "left the router unchanged; not committed twice" in str(again[0].exception)
    assert project.fleet.router("R15").running_config == before
