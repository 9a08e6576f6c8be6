"""The site's own 404 and 500 pages (JSON under /api/), the operations filter as choices, the
runs page filtered, the profile kept to its user, on the seeded operations log (both databases)."""

from __future__ import annotations

import re
from collections.abc import Callable

from fixtures_db import Seeded
from flask import Flask
from webtest import Browserless

Client = Callable[[str | None], Browserless]


def test_404_is_a_page_of_the_site_and_json_under_api(as_role: Client) -> None:
    viewer = as_role("viewer")
    page = viewer.get("/no/such/page")
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert 'id="error-page"' in page.text and "Page not found" in page.text
    assert 'href="/"' in page.text and "/static/css/netauto.css" in page.text  # the site's look
    found = viewer.get("/api/no/such/thing")
    assert found.status_code == 404 and found.mimetype == "application/json"
    assert set(found.json) == {"error"}
    assert viewer.get("/devices/R99").status_code == 404


def test_500_tells_nothing_of_the_error_and_json_under_api(app: Flask, as_role: Client) -> None:
    from netauto.auth import Permission
    from netauto.web.security import needs

    @needs(Permission.READ)
    def broken() -> str:
        raise RuntimeError("secret detail: /srv/netauto/config.yaml line 3")

    app.add_url_rule("/broken", "broken", broken)
    app.add_url_rule("/api/broken", "api_broken", broken)
    viewer = as_role("viewer")
    page = viewer.get("/broken")
    assert page.status_code == 500 and 'id="error-page"' in page.text
    assert "Something went wrong" in page.text and "secret detail" not in page.text
    assert "Traceback" not in page.text
    found = viewer.get("/api/broken")
    assert found.status_code == 500
    assert found.json == {"error": "internal error (see the server's log)"}


def test_operations_filters_are_choices(as_role: Client, seeded_oplog: Seeded) -> None:
    page = as_role("viewer").get("/operations/?host=R16").text
    for name in ("host", "type", "status", "user"):
        assert re.search(f'<select[^>]*name="{name}"', page), name
        assert not re.search(f'<input[^>]*name="{name}"', page), name
    hosts = re.search(r'<select[^>]*name="host">(.*?)</select>', page, re.S)
    assert hosts is not None
    assert re.findall(r'<option value="([^"]*)"', hosts.group(1)) == ["", "R15", "R16", "R17"]
    assert '<option value="R16" selected>' in hosts.group(1)
    users = re.search(r'<select[^>]*name="user">(.*?)</select>', page, re.S)
    assert users is not None and {"alice", "bob"} <= set(re.findall(r'value="([^"]+)"', users[1]))


def test_the_runs_page_filters_by_runbook_and_status(as_role: Client, seeded_oplog: Seeded) -> None:
    viewer = as_role("viewer")
    everything = viewer.get("/operations/runs").text
    assert seeded_oplog.backup_run.hex[:8] in everything
    assert seeded_oplog.facts_run.hex[:8] in everything
    facts = viewer.get("/operations/runs?runbook=facts").text
    assert seeded_oplog.facts_run.hex[:8] in facts
    assert seeded_oplog.backup_run.hex[:8] not in facts
    assert '<option value="facts" selected>' in facts
    failed = viewer.get("/operations/runs?status=failed").text
    assert seeded_oplog.backup_run.hex[:8] in failed
    assert seeded_oplog.facts_run.hex[:8] not in failed
    none = viewer.get("/operations/runs?runbook=facts&status=failed").text
    assert "No run matches." in none


def test_the_profile_keeps_to_its_user(as_role: Client, seeded_oplog: Seeded) -> None:
    from netauto.accounts import list_tokens

    operator, viewer = as_role("operator"), as_role("viewer")
    theirs = list_tokens(seeded_oplog.url, "operator@example.com")[0].prefix
    refused = viewer.send("POST", f"/profile/tokens/{theirs}/revoke", follow_redirects=True)
    assert "no such token of yours" in refused.text
    assert list_tokens(seeded_oplog.url, "operator@example.com")[0].state == "active"
    made = operator.send(
        "POST", "/profile/tokens", data={"label": "ci", "csrf_token": operator.csrf}
    )
    assert made.headers["Cache-Control"] == "no-store"
    token = re.search(r'id="new-token-value">([^<]+)<', made.text)
    assert token is not None and token[1].startswith("nta_")
    assert token[1] not in operator.get("/profile/").text  # shown once
    assert (
        operator.get("/api/me", headers={"Authorization": f"Bearer {token[1]}"}).json["username"]
        == "operator"
    )
    wrong = operator.send(
        "POST",
        "/profile/password",
        data={"current": "nope", "new": "x" * 20, "again": "x" * 20, "csrf_token": operator.csrf},
        follow_redirects=True,
    )
    assert "the current password is wrong" in wrong.text


def test_schedules_added_edited_and_removed_over_the_api(as_role: Client) -> None:
    operator, viewer = as_role("operator"), as_role("viewer")
    body = {"name": "nightly", "runbook": "backup", "hosts": ["R15"], "cron": "0 2 * * *"}
    assert viewer.send("POST", "/api/schedules", json=body).status_code == 403
    made = operator.send("POST", "/api/schedules", json=body)
    assert made.status_code == 201, made.json
    assert made.headers["Location"].endswith("/api/schedules/nightly")
    assert made.json["runbook"] == "backup" and made.json["selection"]["hosts"] == ["R15"]
    changed = operator.send(
        "PATCH", "/api/schedules/nightly", json={"every": "1h", "options": {"startup": True}}
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["timing"]["every"] == 3600
    assert changed.json["options"] == {"startup": True}
    bad = operator.send("PATCH", "/api/schedules/nightly", json={"cron": "61 * * * *"})
    assert bad.status_code == 400 and "cron" in bad.json["error"]
    path = operator.send(
        "POST",
        "/api/schedules",
        json={**body, "name": "x", "runbook": "deploy", "options": {"file": "/etc/passwd"}},
    )
    assert path.status_code == 400 and "path on the machine" in path.json["error"]
    # One that commits at every fire: refused until confirmed.
    commit = {**body, "name": "ntp", "runbook": "rollback", "options": {"commit": True}}
    refused = operator.send("POST", "/api/schedules", json=commit)
    assert refused.status_code == 400 and '"confirm": true' in refused.json["error"], refused.json
    assert operator.get("/api/schedules/ntp").status_code in (400, 404)
    confirmed = operator.send("POST", "/api/schedules", json={**commit, "confirm": True})
    assert confirmed.status_code == 201, confirmed.json
    # Firing it now or enabling it commits too: confirmed first.
    fired = operator.send("POST", "/api/schedules/ntp/run")
    assert fired.status_code == 400 and "confirm firing it now" in fired.json["error"]
    assert operator.send("POST", "/api/schedules/ntp/disable").status_code == 200
    enabled = operator.send("POST", "/api/schedules/ntp/enable")
    assert enabled.status_code == 400 and "confirm enabling it" in enabled.json["error"]
    enabled = operator.send("POST", "/api/schedules/ntp/enable", json={"confirm": True})
    assert enabled.status_code == 200 and enabled.json["active"] is True
    page = operator.send("POST", "/automation/ntp/run", data={"csrf_token": operator.csrf})
    assert page.status_code == 200 and 'id="schedule-confirm"' in page.text  # asked first
    assert operator.get("/api/jobs").json == []  # nothing started
    gone = operator.send("DELETE", "/api/schedules/nightly")
    assert gone.status_code == 200 and gone.json["name"] == "nightly"
    names = [each["name"] for each in operator.get("/api/schedules").json]
    assert names == ["ntp"]
