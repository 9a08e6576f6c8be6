"""The JSON API on the seeded operations log (SQLite and PostgreSQL): what the pages show."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from fixtures_db import Seeded
from flask import Flask
from webtest import Account, Browserless, bearer, csrf_of

from netauto.db.devices import update_device

Client = Callable[[str | None], Browserless]


def test_dashboard_figures(as_role: Client, seeded_oplog: Seeded) -> None:
    data = as_role("viewer").get("/api/dashboard").json
    assert data["devices"] == {
        "total": 3,
        "online": 0,
        "offline": 0,
        "warning": 0,
        "unknown": 3,
        "online_share": 0.0,
    }
    assert data["status_chart"]["labels"] == ["online", "offline", "warning", "unknown"]
    series = data["timeline"]["series"]
    assert len(data["timeline"]["days"]) == 7 and set(series) >= {"success", "failed"}
    assert sum(series["failed"]) == 1 and sum(series["success"]) >= 4
    assert len(data["recent"]) == 10
    backup = next(run for run in data["runs"] if run["id"] == str(seeded_oplog.backup_run))
    assert backup["failures"] == [
        {"host": "R17", "operation_type": "config_backup", "error": "connect timeout after 10s"}
    ]
    assert data["health"] is None


def test_operations_filters_and_pages(as_role: Client, seeded_oplog: Seeded) -> None:
    client = as_role("viewer")

    def items(query: str) -> list[dict[str, object]]:
        response = client.get(f"/api/operations?{query}")
        assert response.status_code == 200, response.json
        return list(response.json["items"])

    assert [op["status"] for op in items("host=R17")] == ["failed"]
    assert {op["host"] for op in items("type=config_backup&status=success")} == {"R15", "R16"}
    assert len(items("user=alice")) == 3
    assert {op["host"] for op in items("host=R15,R16&since=1h")} == {"R15", "R16"}
    assert items(f"run={seeded_oplog.facts_run}&host=R16")[0]["operation_type"] == "get_facts"
    first = client.get("/api/operations?limit=2").json
    second = client.get(f"/api/operations?limit=2&before={first['next']}").json
    ids = [op["id"] for op in first["items"] + second["items"]]
    assert len(set(ids)) == 4 and first["next"] and "result" not in first["items"][0]
    assert client.get("/api/operations?since=yesterday").status_code == 400
    assert client.get("/api/operations?limit=100000").status_code == 400


def test_a_run_and_an_operation(as_role: Client, seeded_oplog: Seeded) -> None:
    client = as_role("viewer")
    run = client.get(f"/api/runs/{seeded_oplog.backup_run.hex[:8]}").json
    assert run["runbook"] == "backup" and run["status"] == "failed"
    assert {op["host"]: op["diff"] for op in run["operations"]}["R15"] == "+ntp server 192.0.2.10"
    op = client.get(f"/api/operations/{seeded_oplog.backup_ops['R17']}").json
    assert op["error_message"] == "connect timeout after 10s" and "result" in op
    assert client.get(f"/api/runs/{seeded_oplog.backup_ops['R17']}").status_code == 404
    assert client.get("/api/runs/ffffffffffff").status_code == 404
    runs = client.get("/api/runs?runbook=facts").json["items"]
    assert [r["id"] for r in runs] == [str(seeded_oplog.facts_run)]
    page = client.get(f"/operations/{seeded_oplog.backup_run.hex}")
    assert page.status_code == 200 and "connect timeout after 10s" in page.text


def _commit(folder: Path, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "R15.cfg").write_text(text)
    git = ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    if not (folder / ".git").exists():
        subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "backup: R15 changed"], check=True)


def test_devices_come_in_pages_on_request(as_role: Client) -> None:
    client = as_role("viewer")
    first = client.get("/api/devices?limit=2")
    assert [d["name"] for d in first.json] == ["R15", "R16"]
    following = first.headers["Link"].split(";")[0].strip("<>")
    assert following == "/api/devices?limit=2&after=R16"
    last = client.get(following)
    assert [d["name"] for d in last.json] == ["R17"] and "Link" not in last.headers
    assert client.get("/api/devices?limit=0").status_code == 400


def test_devices_and_backup_diffs_hide_secrets(as_role: Client, web_config: Path) -> None:
    backups = web_config.parent / "backups"
    _commit(backups, "hostname R15\nsnmp-server community s3cr3t-one RO\nntp server 192.0.2.1\n")
    _commit(backups, "hostname R15\nsnmp-server community s3cr3t-two RO\nntp server 192.0.2.2\n")
    client = as_role("viewer")
    assert [d["name"] for d in client.get("/api/devices").json] == ["R15", "R16", "R17"]
    detail = client.get("/api/devices/R15").json
    assert detail["status"] == "unknown" and len(detail["backups"]) == 2
    assert "config_backup" not in detail
    new, old = (version["sha"] for version in detail["backups"])
    diff = client.get(f"/api/devices/R15/backups/diff?from={old}&to={new}").json["diff"]
    assert "+ntp server 192.0.2.2" in diff and "<removed>" in diff and "s3cr3t" not in diff
    page = client.get("/devices/R15")
    assert "+ntp server 192.0.2.2" in page.text and "s3cr3t" not in page.text
    assert client.get("/api/devices/R15/backups/diff?from=zz&to=yy").status_code == 400
    assert client.get("/api/devices/R99").status_code == 404
    assert client.get("/devices/R99").status_code == 404


def test_values_from_routers_are_escaped(as_role: Client, seeded_oplog: Seeded) -> None:
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    update_device(seeded_oplog.url, "R15", model=evil[:100], metadata={"description": evil})
    client = as_role("viewer")
    for path in ("/devices/R15", "/devices/", "/devices/part"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert client.get("/api/devices").json[0]["metadata"]["description"] == evil  # JSON: data


def test_settings_never_show_a_secret(
    as_role: Client, monkeypatch: pytest.MonkeyPatch, web_config: Path
) -> None:
    from netauto.secretbox import new_key

    monkeypatch.setenv("NETAUTO_SECRET_KEY", new_key())
    admin = as_role("admin")
    response = admin.send("PUT", "/api/settings/snmp.community", json={"value": "s3cr3t-c0mm"})
    assert response.status_code == 200, response.json
    assert response.json["value"] == "<set>" and response.json["source"] == "database"
    assert admin.send("PUT", "/api/settings/connect_timeout", json={"value": 7}).json["value"]
    for text in (admin.get("/api/settings").text, admin.get("/settings/").text):
        assert "s3cr3t-c0mm" not in text
        assert "&lt;set&gt;" in text or "<set>" in text
    users = admin.get("/api/users").text
    assert "argon2" not in users and "password_hash" not in users
    bad = admin.send("PUT", "/api/settings/database_url", json={"value": "sqlite:///x.db"})
    assert bad.status_code == 400


def test_csrf_and_tokens(as_role: Client, accounts: dict[str, Account], app: Flask) -> None:
    from netauto.accounts import revoke_token

    operator = as_role("operator")
    assert operator.send("POST", "/api/runs", csrf=False, json={}).status_code == 403
    assert operator.send("POST", "/api/runs", json={}).status_code == 400  # past the guard
    client = app.test_client()
    token = accounts["operator"].token
    assert client.post("/api/runs", json={}, headers=bearer(token)).status_code == 400
    assert client.get("/api/me", headers=bearer("nta_" + "x" * 40)).status_code == 401
    assert client.get("/api/me", headers=bearer(token)).json["role"] == "operator"
    url = app.extensions["netauto"].url
    revoke_token(url, token[:12], actor="test")
    response = client.get("/api/me", headers=bearer(token))
    assert response.status_code == 401 and response.json == {"error": "token revoked"}


def test_a_viewer_may_not_start_runs(as_role: Client, accounts: dict[str, Account]) -> None:
    viewer = as_role("viewer")
    response = viewer.send("POST", "/api/runs", json={"runbook": "backup", "hosts": ["R15"]})
    assert response.status_code == 403 and "viewer" in response.json["error"]
    for path in ("/", "/devices/", "/devices/R15"):
        assert "data-quick" not in viewer.get(path).text
    assert "data-quick" in as_role("operator").get("/devices/R15").text
    assert "/settings/" not in viewer.get("/").text
    assert viewer.get("/settings/").status_code == 403


def test_sessions_follow_the_user(
    as_role: Client, accounts: dict[str, Account], app: Flask
) -> None:
    from netauto.accounts import set_active, set_password

    url = app.extensions["netauto"].url
    operator, viewer = as_role("operator"), as_role("viewer")
    set_password(url, accounts["operator"].email, "another password", actor="test")
    assert operator.get("/api/me").status_code == 401  # the old password's session is gone
    set_active(url, accounts["viewer"].email, False, actor="test")
    assert viewer.get("/").headers["Location"].startswith("/login")
    assert viewer.login(accounts["viewer"].email).status_code == 401


def test_login(app: Flask, accounts: dict[str, Account]) -> None:
    client = Browserless(app)
    assert client.login(accounts["viewer"].email, "wrong").status_code == 401
    client.csrf = ""
    client.client.get("/login")
    response = client.client.post("/login", data={"email": "viewer", "password": "x"})
    assert response.status_code == 403  # no CSRF token
    client = Browserless(app)
    client.csrf = csrf_of(client.get("/login").text)
    form = {"email": "viewer", "password": "correct horse battery staple"}
    response = client.client.post(
        "/login?next=//evil.example/", data={**form, "csrf_token": client.csrf}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"
    for _ in range(5):
        Browserless(app).login("admin@example.com", "wrong")
    assert Browserless(app).login("admin@example.com").status_code == 429


def test_no_default_account(tmp_path: Path, oplog_url: str) -> None:
    from netauto_testing import write_project

    from netauto.web import create_app

    app = create_app(write_project(tmp_path, oplog_url, {}))
    client = Browserless(app)
    page = client.get("/login").text
    assert "there is no default account" in page
    for name, password in (("admin", "admin"), ("admin@example.com", "admin"), ("root", "")):
        assert client.login(name, password).status_code in (400, 401)
    assert client.get("/api/dashboard").status_code == 401
