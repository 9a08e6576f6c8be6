"""Runs started from the web on the simulated fleet: quick actions and schedules, live."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from netauto_testing import Project
from webtest import Account, Browserless, make_accounts

from netauto.web.feed import Event


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture
def accounts(project: Project) -> dict[str, Account]:
    return make_accounts(project.database_url)


@pytest.fixture
def app(project: Project, accounts: dict[str, Account]) -> Iterator[Flask]:
    from netauto.web import create_app

    application = create_app(project.config, feed={"poll": 0.1})
    yield application
    application.extensions["netauto"].feed.close()


def logged_in(app: Flask, account: Account) -> Browserless:
    client = Browserless(app)
    assert client.login(account.email).status_code == 302
    return client


def finished(client: Browserless, job: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found: dict[str, Any] = client.get(f"/api/jobs/{job}").json
        if found["status"] != "running":
            return found
        time.sleep(0.1)
    raise AssertionError(f"job {job} still running after {timeout} s")


def drain(app: Flask, subscription: Any) -> list[Event]:
    events = []
    while (event := subscription.get(timeout=0.5)) is not None:
        events.append(event)
    return events


def test_a_quick_action_runs_as_the_operator_with_live_progress(
    app: Flask, accounts: dict[str, Account], project: Project
) -> None:
    feed = app.extensions["netauto"].feed
    subscription = feed.subscribe()
    assert feed.ready.wait(5)
    operator = logged_in(app, accounts["operator"])
    host = project.fleet.names[0]
    response = operator.send("POST", "/api/runs", json={"runbook": "backup", "hosts": [host]})
    assert response.status_code == 202, response.json
    assert response.headers["Location"].endswith(response.json["id"])
    job = finished(operator, response.json["id"])
    assert job["status"] == "finished" and job["counts"]["ok"] == 1, job
    [run] = project.runs()
    assert str(run.id) == job["run_id"] and run.username == "operator"
    time.sleep(0.5)  # the feed's next poll
    events = drain(app, subscription)
    kinds = {(e.kind, e.data.get("kind") or e.data.get("status")) for e in events}
    assert {("job", "running"), ("job", "finished"), ("progress", "host")} <= kinds
    ops = [e.data for e in events if e.kind == "op" and e.data["operation_type"] == "config_backup"]
    assert ops and ops[-1]["host"] == host and ops[-1]["status"] == "success"
    subscription.close()
    for body, error in (
        ({"runbook": "backup", "hosts": ["R99"]}, "no host matches: R99"),
        ({"runbook": "deploy"}, "unknown quick action"),
        ({"runbook": "facts", "hosts": "R15", "filters": ["x"]}, "filters must be"),
    ):
        response = operator.send("POST", "/api/runs", json=body)
        assert response.status_code == 400 and error in response.json["error"]


def test_schedules_from_the_web(app: Flask, accounts: dict[str, Account], project: Project) -> None:
    from netauto.engine.session import Selection
    from netauto.schedule import manage
    from netauto.schedule.timing import Timing

    host = project.fleet.names[1]
    schedule = manage.add(
        project.config,
        "daily-check",
        runbook_name="check",
        selection=Selection(hosts=[host]),
        tokens=[],
        timing=Timing.parse(None, "1d", None),
        description="<b>daily</b> reachability",
        user="operator",
    )
    viewer, operator = logged_in(app, accounts["viewer"]), logged_in(app, accounts["operator"])
    [found] = viewer.get("/api/schedules").json
    assert found["name"] == "daily-check" and found["active"] and found["timing"]["text"]
    page = viewer.get("/automation/").text
    assert "&lt;b&gt;daily&lt;/b&gt;" in page and "data-schedule-action" not in page
    assert viewer.send("POST", "/api/schedules/daily-check/run").status_code == 403
    assert operator.send("POST", "/api/schedules/daily-check/disable").json["active"] is False
    assert operator.send("POST", "/api/schedules/daily-check/enable").json["active"] is True
    response = operator.send("POST", "/api/schedules/daily-check/run")
    assert response.status_code == 202
    job = finished(operator, response.json["id"])
    assert job["status"] == "finished" and job["run_id"], job
    [run] = project.runs()
    assert run.task_id == schedule.id and run.username == "operator"
    detail = viewer.get("/api/schedules/daily-check").json
    assert detail["last_status"] == "success" and detail["runs"][0]["id"] == job["run_id"]
    assert operator.send("POST", "/api/schedules/nope/run").status_code == 400
    form = {"csrf_token": operator.csrf}
    response = operator.client.post("/automation/daily-check/disable", data=form)
    assert response.status_code == 302
    assert "Schedule daily-check disabled." in operator.get("/automation/").text
