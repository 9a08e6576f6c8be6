"""compliance_results on SQLite and PostgreSQL: stored, the newest per router and feature, the
days' trend, and the JSON shape every front end reads."""

from __future__ import annotations

import uuid
from datetime import timedelta

from netauto.clock import utcnow
from netauto.db.compliance import latest_results, run_results, save_results, trend


def _row(host: str, feature: str, status: str, **extra: object) -> dict[str, object]:
    return {
        "host": host,
        "feature": feature,
        "status": status,
        "compliant": status == "compliant",
        "source": "backup",
        **extra,
    }


def test_stored_newest_per_router_and_feature_and_trend(oplog_url: str) -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    save_results(
        oplog_url,
        first,
        [
            _row("R15", "ntp", "non-compliant", missing=["ntp server 192.0.2.1"]),
            _row("R16", "ntp", "compliant"),
        ],
    )
    save_results(
        oplog_url,
        second,
        [
            _row(
                "R15",
                "ntp",
                "compliant",
                intended=["ntp server 192.0.2.1"],
                template="ios/ntp.j2",
                template_version="0123456789ab",
            ),
            _row("R15", "acl", "error", error="ios/acl.j2 line 3: 'acl_name' is undefined"),
        ],
    )
    latest = {(row.host, row.feature): row for row in latest_results(oplog_url)}
    assert sorted(latest) == [("R15", "acl"), ("R15", "ntp"), ("R16", "ntp")]
    assert latest[("R15", "ntp")].run_id == second and latest[("R15", "ntp")].compliant
    assert latest[("R16", "ntp")].run_id == first
    shape = latest[("R15", "ntp")].to_json()
    assert shape["intended"] == ["ntp server 192.0.2.1"]
    assert (shape["template"], shape["template_version"]) == ("ios/ntp.j2", "0123456789ab")
    assert latest[("R15", "acl")].error_message == "ios/acl.j2 line 3: 'acl_name' is undefined"
    assert [r.feature for r in latest_results(oplog_url, hosts=["R15"], features=["acl"])] == [
        "acl"
    ]
    assert [(r.host, r.status) for r in run_results(oplog_url, first)] == [
        ("R15", "non-compliant"),
        ("R16", "compliant"),
    ]
    days = trend(oplog_url, days=3)
    assert [day.day for day in days] == [
        (utcnow() - timedelta(days=n)).date().isoformat() for n in (2, 1, 0)
    ]
    today = days[-1].to_json()
    assert today == {
        "day": days[-1].day,
        "compliant": 2,
        "non_compliant": 1,
        "errors": 1,
        "percent": 50.0,
    }
    assert days[0].percent is None
