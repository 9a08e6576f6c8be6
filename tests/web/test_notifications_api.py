"""``/api/notifications`` and the notifications page: the bell per user, mutes, read marks;
channels and rules for admins only; bad input is a 400 with one line."""

from __future__ import annotations

from collections.abc import Callable

from fixtures_db import Seeded
from webtest import Browserless

from netauto.notify.emit import emit


def test_bell_mute_read_and_admin_only_channels(
    as_role: Callable[[str | None], Browserless], seeded_oplog: Seeded
) -> None:
    url = seeded_oplog.url
    emit(url, kind="router_down", severity="error", text="R15 is down", router="R15")
    emit(url, kind="link_down", severity="warning", text="R16 Gi0/1 is down", router="R16")
    viewer, admin = as_role("viewer"), as_role("admin")
    assert as_role(None).get("/api/notifications").status_code == 401

    bell = viewer.get("/api/notifications").json
    assert bell["unread"] == 2 and [e["kind"] for e in bell["events"]] == [
        "link_down",
        "router_down",
    ]
    assert (
        viewer.send("POST", "/api/notifications/mute", json={"event": "link_down"}).status_code
        == 200
    )
    assert viewer.send("POST", "/api/notifications/read",
                       json={"id": bell["events"][1]["id"]}).status_code == 200  # fmt: skip
    bell = viewer.get("/api/notifications").json
    assert [e["kind"] for e in bell["events"]] == ["router_down"] and bell["unread"] == 0
    assert admin.get("/api/notifications").json["unread"] == 2  # read marks are per user

    assert viewer.get("/api/notifications/channels").status_code == 403
    refused = admin.send(
        "POST", "/api/notifications/channels", json={"name": "x", "webhook": "ftp://h"}
    )
    assert refused.status_code == 400 and "http(s) URL" in refused.json["error"]
    made = admin.send("POST", "/api/notifications/channels",
                      json={"name": "ops", "email": "noc@example.net"})  # fmt: skip
    assert made.status_code == 201, made.text
    wanted = {"channel": "ops", "event": "router_down", "min_severity": "error"}
    rule = admin.send("POST", "/api/notifications/rules", json=wanted)
    assert rule.status_code == 201 and rule.json["event"] == "router_down"
    assert admin.send("POST", "/api/notifications/rules",
                      json={"channel": "ops", "event": "nope"}).status_code == 400  # fmt: skip
    listed = admin.get("/api/notifications/channels").json
    assert [c["name"] for c in listed["channels"]] == ["ops"] and len(listed["rules"]) == 1

    page = admin.get("/notifications/").text
    assert "R15 is down" in page and 'id="channels-table"' in page and "noc@example.net" in page
    page = viewer.get("/notifications/").text
    assert "R15 is down" in page and 'id="channels-table"' not in page
