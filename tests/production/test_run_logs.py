"""A run started from the web logs its end and each router it failed on, with the fields of
a JSON log line: run id, router, user, duration (on the simulated fleet, two routers). The
run is made by a runner process, whose log is ``.netauto/runs.log``."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import make_project

from netauto import logs
from netauto.accounts import add_user, create_token


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


def test_web_run_logs_its_routers(tmp_path: Path, sqlite_url: str, fleet: Any) -> None:
    from netauto.web import create_app

    project = make_project(tmp_path, sqlite_url, fleet)
    add_user(sqlite_url, "olga@example.com", "operator", actor="test", username="olga")
    token, _ = create_token(sqlite_url, "olga@example.com", actor="test", label="tests")
    fleet.set_fault("R16", auth="fail")
    app = create_app(project.config)
    before = logs.current_format()
    try:
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        # The runner process (its log in .netauto/runs.log) logs as the web does.
        logs.configure("json")
        started = client.post("/api/runs", json={"runbook": "backup"}, headers=headers)
        assert started.status_code == 202, started.text
        job = started.json
        deadline = time.monotonic() + 60
        while job["status"] == "running" and time.monotonic() < deadline:
            time.sleep(0.1)
            job = client.get(f"/api/jobs/{job['id']}", headers=headers).json
        assert job["status"] == "finished" and job["counts"]["failed"] == 1, job
    finally:
        app.extensions["netauto"].feed.close()
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "netauto_stderr", False)]:
            root.removeHandler(handler)
        if before is not None:
            logs.configure(before)
    lines = (tmp_path / ".netauto" / "runs.log").read_text().splitlines()
    found = [json.loads(line) for line in lines if line.startswith("{")]
    events = [event for event in found if event["message"].startswith("web run of backup")]
    end, failed = events
    assert end["level"] == "info" and end["message"].startswith("web run of backup by olga")
    assert (end["run_id"], end["user"]) == (job["run_id"], "olga")
    assert 0 < end["duration"] < 60 and "router" not in end
    assert failed["level"] == "warning" and failed["router"] == "R16"
    assert failed["message"].startswith("web run of backup: R16 failed: ")
    assert (failed["run_id"], failed["user"]) == (job["run_id"], "olga")
