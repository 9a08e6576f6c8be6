"""Runs started from the web on the simulated fleet: any declared runbook with its options,
changes committed only after their dry run, schedules; live."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from netauto_testing import DEPLOY, Project, show_running
from webtest import Account, Browserless, make_accounts

from netauto.web.feed import Event


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


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
        ({"runbook": "nope"}, "unknown runbook 'nope'; choose from backup, check, compliance"),
        ({"runbook": "deploy"}, "give one of template or file"),
        ({"runbook": "facts", "hosts": "R15", "filters": ["x"]}, "filters must be"),
    ):
        response = operator.send("POST", "/api/runs", json=body)
        assert response.status_code == 400 and error in response.json["error"]


def test_schedules_from_the_web(app: Flask, accounts: dict[str, Account], project: Project) -> None:
    from netauto.engine.options import Selection
    from netauto.project import Project as Opened
    from netauto.schedule.timing import Timing

    host = project.fleet.names[1]
    schedule = Opened.open(project.config, user="operator").schedules.add(
        "daily-check",
        runbook_name="check",
        selection=Selection(hosts=[host]),
        tokens=[],
        timing=Timing.parse(None, "1d", None),
        description="<b>daily</b> reachability",
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


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"runbook": "backup", "options": {"startup": "yes"}}, "startup must be true or false"),
        ({"runbook": "backup", "options": {"template": "x"}}, "backup has no option template"),
        ({"runbook": "backup", "options": ["startup"]}, "options must be an object"),
        ({"runbook": "facts", "options": {"getters": ["nope"]}}, "unknown getter 'nope'"),
        ({"runbook": "show", "options": {}}, "runbook show needs command"),
        ({"runbook": "show", "options": {"command": "reload"}}, "only show commands"),
        ({"runbook": "render", "options": {"template": "/etc/passwd"}}, "not a path"),
        ({"runbook": "render", "options": {"template": "../x.j2"}}, "not a path"),
        ({"runbook": "deploy", "options": {"file": "/etc/passwd"}}, "file is a path on the"),
        (
            {"runbook": "deploy", "options": {"template": "ios/ntp.j2", "revert_in": 120}},
            "revert_in needs commit",  # a parameter, not --revert-in: nobody typed a flag here
        ),
        (
            {"runbook": "deploy", "options": {"template": "ios/ntp.j2", "revert_in": 5}},
            "revert_in must be 60 to 7200, got 5",
        ),
        (
            {"runbook": "deploy", "options": {"template": "ios/ntp.j2", "commit": True}},
            "a commit from the web commits what its dry run showed",
        ),
    ],
)
def test_options_are_checked_by_the_declaration(
    app: Flask, accounts: dict[str, Account], project: Project, body: dict[str, Any], error: str
) -> None:
    operator = logged_in(app, accounts["operator"])
    response = operator.send("POST", "/api/runs", json=body)
    assert response.status_code == 400 and error in response.json["error"], response.json
    assert "--" not in response.json["error"]
    assert operator.get("/api/jobs").json == [] and project.runs() == []


def test_runbooks_and_their_parameters_for_the_form(
    app: Flask, accounts: dict[str, Account]
) -> None:
    viewer = logged_in(app, accounts["viewer"])
    found = {runbook["name"]: runbook for runbook in viewer.get("/api/runbooks").json}
    assert list(found) == sorted(found) and {"backup", "deploy", "show"} <= set(found)
    facts = found["facts"]
    assert facts["changes_routers"] is False and facts["permission"] == "read"
    [getters] = facts["params"]
    assert getters["name"] == "getters" and getters["kind"] == "list"
    assert "environment" in getters["choices"] and getters["default"][0] == "facts"
    deploy = found["deploy"]
    names = {param["name"]: param for param in deploy["params"]}
    assert deploy["changes_routers"] and names["revert_in"]["with_commit"]
    assert names["file"]["remote"] is False and names["template"]["remote"] is True
    assert "With commit," in deploy["help"]  # the help names parameters, not --flags


def test_a_change_from_the_web_is_its_dry_run_committed(
    app: Flask, accounts: dict[str, Account], project: Project
) -> None:
    host = project.fleet.names[0]
    before = show_running(project.fleet, host)
    operator = logged_in(app, accounts["operator"])
    body = {"runbook": "deploy", "hosts": [host], "options": {"template": "ios/ntp.j2"}}
    dry = operator.send("POST", "/api/runs", json=body)
    assert dry.status_code == 202, dry.json
    shown = finished(operator, dry.json["id"])
    assert shown["status"] == "finished" and shown["would_change"] == [host], shown
    assert show_running(project.fleet, host) == before  # a dry run

    commit = {**body, "options": {"template": "ios/ntp.j2", "commit": True, "revert_in": 120}}
    viewer = logged_in(app, accounts["viewer"])
    refused = viewer.send("POST", "/api/runs", json={**commit, "preview": dry.json["id"]})
    assert refused.status_code == 403
    other = {**commit, "hosts": project.fleet.names[:2], "preview": dry.json["id"]}
    assert (
        "another runbook, user, selection"
        in operator.send("POST", "/api/runs", json=other).json["error"]
    )
    done = operator.send("POST", "/api/runs", json={**commit, "preview": dry.json["id"]})
    assert done.status_code == 202, done.json
    job = finished(operator, done.json["id"])
    assert job["status"] == "finished" and job["counts"]["ok"] == 1, job
    assert "ntp server 192.0.2.10" in show_running(project.fleet, host)
    again = operator.send("POST", "/api/runs", json={**commit, "preview": dry.json["id"]})
    assert "no finished dry run" in again.json["error"]  # each dry run commits once
    runs = project.runs()
    assert [run.runbook for run in runs] == ["deploy", "deploy"]
    assert all(run.username == "operator" for run in runs)


def test_a_commit_is_declined_when_the_routers_moved_since_the_dry_run(
    app: Flask, accounts: dict[str, Account], project: Project
) -> None:
    from netauto_testing import configure_router

    host = project.fleet.names[1]
    operator = logged_in(app, accounts["operator"])
    body = {"runbook": "deploy", "hosts": [host], "options": {"template": "ios/ntp.j2"}}
    dry = finished(operator, operator.send("POST", "/api/runs", json=body).json["id"])
    assert dry["would_change"] == [host]
    configure_router(project, host, ["ntp server 192.0.2.99"])  # changed behind the preview
    commit = {**body, "options": {"template": "ios/ntp.j2", "commit": True}, "preview": dry["id"]}
    job = finished(operator, operator.send("POST", "/api/runs", json=commit).json["id"])
    assert job["status"] == "failed" and "no longer those of the dry run" in job["error"]
    assert project.operations("config_commit") == []
