"""Hardening, crash and outage paths outside runbooks: the scheduler, Celery, the chat tools.

A real ``netauto scheduler`` stopped with ``--grace 0`` in the middle of a fire leaves no
operations-log row ``running``; a Celery caller whose broker (a Redis server of the test's own)
dies mid-run fails the run with one line within a bound; the chat's and MCP's
``device_detail`` answers for every router.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from netauto_testing import Project
from sqlalchemy import select, update

from netauto.clock import utcnow
from netauto.db.engine import get_engine, session_scope
from netauto.db.models import AutomationTask, OperationLog, Run

NETAUTO = str(Path(sys.executable).parent / "netauto")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
T = TypeVar("T")
SCHEDULER = ["--poll", "0.2", "--grace", "0"]
REDIS_OPTIONS = ["--save", "", "--appendonly", "no", "--dir"]  # nothing kept, in the test's folder


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


def test_device_detail_answers_for_every_router(project: Project) -> None:
    """Over MCP's dispatch (the assistant's is the same ``call_tool``), after a backup."""
    import json

    from netauto.mcp_server import open_tools

    assert project.run("backup").exit_code == 0
    tools = open_tools(str(project.config))
    for name in project.fleet.names:
        answer = tools.call("desktop-ai", "device_detail", {"name": name.lower()})
        assert not answer.is_error, answer.text
        detail = json.loads(answer.text)
        assert (detail["name"], detail["platform"], detail["groups"]) == (name, "ios", ["routers"])
        assert detail["address"] == project.fleet.address(name) and detail["backups"]
        assert [op["operation_type"] for op in detail["recent_operations"]] == ["config_backup"]


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A Redis server of this test's own on a free loopback port, which the test may kill."""
    import shutil
    import socket

    server = shutil.which("redis-server")
    if server is None:
        message = "redis-server is not installed"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", *REDIS_OPTIONS, str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def answers() -> bool:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return True
            except OSError:
                return False

        _wait_for(answers, "redis-server to listen", timeout=20)
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def test_a_celery_caller_whose_broker_dies_fails_the_run_within_a_bound(
    tmp_path: Path, postgres_url: str, own_redis: tuple[str, Any]
) -> None:
    import socket

    from netauto_testing import write_project

    broker, redis = own_redis
    # A router that takes the connection and never says a word: the run lasts while the
    # broker dies (its SSH banner is waited for up to connect_timeout).
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    hosts: dict[str, dict[str, object]] = {
        name: {"hostname": "127.0.0.1", "port": port, "groups": ["routers"]}
        for name in ("R15", "R16")
    }
    settings = {
        "connect_timeout": 30,
        "command_timeout": 15,
        "retries": 0,
        "backups_dir": str(tmp_path / "backups"),
        "executor": "celery",
        "celery": {"broker_url": broker, "shard_size": 1, "visibility_timeout": 60},
    }
    config = write_project(tmp_path, postgres_url, hosts, settings)
    env = {**os.environ, "NETAUTO_EXECUTOR": "threaded"}
    with open(tmp_path / "worker.log", "ab") as log:
        worker = subprocess.Popen(
            [NETAUTO, "worker", "--config", str(config), "-c", "1"],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
    caller: subprocess.Popen[str] | None = None
    try:
        from netauto.executor.app import celery_app
        from netauto.executor.runner import served_queues
        from netauto.settings import load_settings

        app = celery_app(load_settings(config, database=False))
        _wait_for(lambda: served_queues(app), "the worker", timeout=60)
        caller = subprocess.Popen(
            [NETAUTO, "backup", "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _wait_for(
            lambda: [row for row in _rows(postgres_url) if row.host and row.status == "running"],
            "a host row running on the worker",
        )
        redis.kill()
        redis.wait(10)
        died = time.monotonic()
        try:
            out, err = caller.communicate(timeout=45)
        except subprocess.TimeoutExpired:
            caller.kill()
            out, err = caller.communicate()
            raise AssertionError(
                f"the caller still waits 45 s after the broker died: {err}"
            ) from None
        took = time.monotonic() - died
    finally:
        silent.close()
        if caller is not None and caller.poll() is None:
            caller.kill()
            caller.wait(10)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(30)
    assert caller.returncode == 1, out + err
    assert took < 30, took  # Celery's own retries took minutes
    [line] = err.strip().splitlines()
    assert line.startswith("Error: lost the Celery broker at redis://127.0.0.1:"), line
    (run,) = _runs(postgres_url)
    assert run.status == "failed" and "lost the Celery broker" in (run.error_message or "")
    # The worker died too (kill -9) with its host's row running, in a run already closed:
    # ops close-stale closes it (the run's process is gone), as it would the run's own.
    stale = [row for row in _rows(postgres_url) if row.status == "running"]
    closed = subprocess.run(
        [NETAUTO, "ops", "close-stale", "--config", str(config)], capture_output=True, text=True
    )
    assert closed.returncode == 0, closed.stderr
    assert stale and f"{len(stale)} row" in closed.stdout, closed.stdout
    assert [row.host for row in _rows(postgres_url) if row.status == "running"] == []
