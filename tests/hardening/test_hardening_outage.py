"""Hardening, crash and outage paths outside runbooks: the scheduler, Celery, the chat tools.

A real ``netauto scheduler`` stopped with ``--grace 0`` in the middle of a fire leaves no
operations-log row ``running``; a Celery caller whose broker (a Redis server of the test's own)
dies mid-run fails the run with one line within a bound; the chat's and MCP's
``device_detail`` answers for every router.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from netauto_testing import Project
from sqlalchemy import select, update

from netauto.clock import utcnow
from netauto.db.engine import get_engine, session_scope
from netauto.db.models import AutomationTask, OperationLog, Run

NETAUTO = str(Path(sys.executable).parent / "netauto")
T = TypeVar("T")
SCHEDULER = ["--poll", "0.2", "--grace", "0"]


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


def _wait_for(check: Callable[[], T], what: str, timeout: float = 45) -> T:
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
    return found


def _cli(*args: str, project: Project) -> Any:
    """``netauto GROUP COMMAND ARGS --config CONFIG`` in this process."""
    from click.testing import CliRunner

    from netauto.cli import cli

    return CliRunner().invoke(cli, [*args, "--config", str(project.config)], catch_exceptions=False)


def _rows(url: str) -> list[OperationLog]:
    with session_scope(url) as session:
        rows = list(session.scalars(select(OperationLog)))
        session.expunge_all()
    return rows


def _runs(url: str) -> list[Run]:
    with session_scope(url) as session:
        rows = list(session.scalars(select(Run)))
        session.expunge_all()
    return rows


def test_scheduler_stopped_with_no_grace_mid_fire_leaves_no_row_running(project: Project) -> None:
    url = project.database_url
    for name in project.fleet.names:
        project.fleet.set_fault(name, latency=0.4)  # a fire of a few seconds
    added = _cli("schedule", "add", "slow", "--runbook", "backup", "--every", "1h", project=project)
    assert added.exit_code == 0, added.output
    with get_engine(url).begin() as connection:
        connection.execute(update(AutomationTask).values(next_run=utcnow()))
    log = project.folder / "scheduler.log"
    with open(log, "ab") as output:
        process = subprocess.Popen(
            [NETAUTO, "scheduler", "--config", str(project.config), *SCHEDULER],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            env={**os.environ, "NETAUTO_USER": "sched-test"},
        )
    try:
        _wait_for(
            lambda: [row for row in _rows(url) if row.host and row.status == "running"],
            "a host row running",
        )
    finally:
        process.terminate()
        code = process.wait(60)
    project.fleet.clear_faults()
    assert code == 0, log.read_text()
    assert "abandoned slow" in log.read_text()
    (run,) = _runs(url)
    assert run.status == "failed"
    left = [(row.host, row.operation_type) for row in _rows(url) if row.status == "running"]
    assert left == []
    hosts = [row for row in _rows(url) if row.host]
    assert hosts and all(row.error_message for row in hosts if row.status == "failed")
