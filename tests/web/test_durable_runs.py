"""Runs started from the web outlive the web server, and a cancel stops them as Ctrl-C does.

Real processes: ``netauto web`` killed with -9 right after its 202, the runner process (its
own session) finishing the backup on every router; a commit cancelled from the API while a
router's commit has begun: that router rolled back, the others not touched.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from netauto_testing import DEPLOY, Project, config_body
from webtest import Account, Browserless, bearer, make_accounts

from netauto.cli import cli
from netauto.db import requests

NETAUTO = str(Path(sys.executable).parent / "netauto")
QUIET = "file prompt quiet"


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


@pytest.fixture
def accounts(project: Project) -> dict[str, Account]:
    return make_accounts(project.database_url)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(check: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return found


def _ended(project: Project, ident: str, timeout: float = 90.0) -> Any:
    key = requests.parse_id(ident)
    assert key is not None

    def ended() -> Any:
        row = requests.get(project.database_url, key)
        return row if row is not None and not row.active else None

    return _wait_for(ended, timeout)


def _post(url: str, body: dict[str, Any], token: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={**bearer(token), "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def web(project: Project) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``netauto web`` in the foreground, as a process of its own."""
    base = f"http://127.0.0.1:{_free_port()}"
    child = subprocess.Popen(
        [NETAUTO, "web", "--bind", base.removeprefix("http://"), "--config", str(project.config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    def up() -> bool:
        assert child.poll() is None, child.stderr.read() if child.stderr else ""
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return True
        except OSError:
            return False

    try:
        _wait_for(up, 60)
        yield base, child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
        if child.stderr:
            child.stderr.close()


def test_a_backup_outlives_the_web_server_killed_right_after_its_202(
    project: Project, accounts: dict[str, Account], web: tuple[str, subprocess.Popen[bytes]]
) -> None:
    base, server = web
    fleet = project.fleet
    for router in fleet.names:  # slow enough that the run is still going at the kill
        fleet.set_fault(router, latency=0.1)
    try:
        status, job = _post(f"{base}/api/runs", {"runbook": "backup"}, accounts["operator"].token)
        assert status == 202, job
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        row = _ended(project, job["id"])
    finally:
        fleet.clear_faults()
    assert row.state == "finished" and row.counts["ok"] == len(fleet.names), row
    assert row.user == "operator" and row.done == len(fleet.names)
    (run,) = project.runs()
    assert run.status == "success" and run.username == "operator" and run.id == row.run_id
    for router in fleet.names:
        assert (project.backups / f"{router}.cfg").read_text().strip()
    backups = project.operations("config_backup")
    assert sorted(op.host for op in backups) == sorted(fleet.names)
    assert all(op.status == "success" for op in backups)


@pytest.fixture
def app(project: Project, accounts: dict[str, Account]) -> Iterator[Flask]:
    from netauto.web import create_app

    application = create_app(project.config, feed={"poll": 0.1})
    yield application
    application.extensions["netauto"].feed.close()


def _quiet_on(project: Project, name: str) -> bool:
    return QUIET in project.fleet.router(name).running_config.splitlines()


def test_a_cancel_rolls_back_the_router_in_hand_and_touches_no_other(
    app: Flask, project: Project, accounts: dict[str, Account]
) -> None:
    fleet = project.fleet
    first, second = fleet.names
    before = {name: config_body(fleet.router(name).running_config) for name in fleet.names}
    operator = Browserless(app)
    assert operator.login(accounts["operator"].email).status_code == 302
    # One router per wave: the second is never touched once the first is cancelled.
    options = {"template": "ios/ntp.j2"}
    body = {"runbook": "deploy", "hosts": [first, second], "options": options}
    dry = operator.send("POST", "/api/runs", json=body)
    assert dry.status_code == 202, dry.json
    shown = _ended(project, dry.json["id"])
    assert shown.state == "finished" and shown.would_change == [first, second], shown
    viewer = Browserless(app)
    assert viewer.login(accounts["viewer"].email).status_code == 302
    for router in fleet.names:
        fleet.set_fault(router, latency=0.05)
    try:
        later = {"commit": True, "canary": 1, "batch": "1"}
        commit = {**body, "options": {**options, **later}, "preview": dry.json["id"]}
        started = operator.send("POST", "/api/runs", json=commit)
        assert started.status_code == 202, started.json
        ident = started.json["id"]
        _wait_for(lambda: _quiet_on(project, first) or _quiet_on(project, second))
        refused = viewer.send("POST", f"/api/jobs/{ident}/cancel")
        assert refused.status_code == 403, refused.json  # not the viewer's run
        asked = operator.send("POST", f"/api/jobs/{ident}/cancel")
        assert asked.status_code == 202 and asked.json["cancel"] is True, asked.json
        row = _ended(project, ident)
    finally:
        fleet.clear_faults()
    assert row.state == "cancelled" and row.error.startswith("cancelled"), row
    for name in fleet.names:  # rolled back, or never touched; no temporary line left
        assert config_body(fleet.router(name).running_config) == before[name], name
        assert QUIET not in fleet.router(name).running_config
    deploys = [run for run in project.runs() if run.runbook == "deploy"]
    assert deploys[-1].status == "failed" and "SIGINT" in (deploys[-1].error_message or "")
    job = operator.get(f"/api/jobs/{ident}").json
    assert job["status"] == "cancelled"
    again = operator.send("POST", f"/api/jobs/{ident}/cancel")
    assert again.status_code == 400 and "already ended" in again.json["error"]


def test_with_a_scheduler_running_it_runs_the_request(
    app: Flask, project: Project, accounts: dict[str, Account]
) -> None:
    """A live scheduler (its heartbeat fresh) starts the runner; the web only stores."""
    started = project.run("scheduler", "--detach")
    assert started.exit_code == 0, started.output
    try:
        beat = project.folder / ".netauto" / "scheduler.heartbeat"
        _wait_for(beat.exists, 30)
        operator = Browserless(app)
        assert operator.login(accounts["operator"].email).status_code == 302
        host = project.fleet.names[0]
        response = operator.send("POST", "/api/runs", json={"runbook": "backup", "hosts": [host]})
        assert response.status_code == 202, response.json
        row = _ended(project, response.json["id"])
    finally:
        stopped = CliRunner().invoke(cli, ["scheduler", "stop", "--config", str(project.config)])
    log = (project.folder / ".netauto" / "scheduler.log").read_text()
    assert stopped.exit_code == 0, stopped.output + log
    assert row.state == "finished" and row.counts["ok"] == 1, row
    assert f"starting a runner for run request {row.id.hex[:8]}" in log


def test_a_runner_killed_leaves_its_job_failed_not_running(
    app: Flask, project: Project, accounts: dict[str, Account]
) -> None:
    operator = Browserless(app)
    assert operator.login(accounts["operator"].email).status_code == 302
    host = project.fleet.names[0]
    project.fleet.set_fault(host, latency=0.3)
    try:
        started = operator.send("POST", "/api/runs", json={"runbook": "backup", "hosts": [host]})
        assert started.status_code == 202, started.json
        key = requests.parse_id(started.json["id"])
        assert key is not None

        def holder() -> Any:
            row = requests.get(project.database_url, key)
            return row.holder if row is not None and row.state == "running" else None

        pid = int(_wait_for(holder).rpartition(":")[2])
        os.kill(pid, signal.SIGKILL)
        _wait_for(lambda: not os.path.exists(f"/proc/{pid}"))  # gone, and reaped by the web
    finally:
        project.fleet.clear_faults()
    (job,) = [j for j in operator.get("/api/jobs").json if j["id"] == started.json["id"]]
    assert job["status"] == "failed" and "runner process is gone" in job["error"], job
