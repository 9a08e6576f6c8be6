"""GET /metrics: Prometheus text of the latest samples and netauto's own figures."""

from __future__ import annotations

from typing import Any

from fixtures_db import Seeded
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families
from webtest import Account, bearer

from netauto.db import samples


def families(text: str) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    found: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            key = tuple(sorted(sample.labels.items()))
            found.setdefault(sample.name, {})[key] = sample.value
    return found


def test_metrics_parse_with_the_fleet_and_netauto_figures(
    app: Flask, seeded_oplog: Seeded, accounts: dict[str, Account]
) -> None:
    samples.store_samples(
        seeded_oplog.url,
        [
            {
                "device": "R15",
                "status": "online",
                "source": "snmp",
                "latency_ms": 12.5,
                "cpu_percent": 3.0,
                "memory_percent": 19.8,
                "uptime_seconds": 3_600_000,
                "interfaces": {"GigabitEthernet0/0": [1000, 2000, 4, True]},
            },
            {"device": "R16", "status": "offline", "source": "ssh"},
        ],
    )
    client = app.test_client()
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=0.0.4")
    got = families(response.text)
    r15, r16 = (("device", "R15"),), (("device", "R16"),)
    assert got["netauto_device_up"] == {r15: 1.0, r16: 0.0}
    assert got["netauto_device_latency_seconds"][r15] == 0.0125
    assert got["netauto_device_cpu_percent"][r15] == 3.0
    assert got["netauto_device_uptime_seconds"][r15] == 3_600_000
    port = (("device", "R15"), ("interface", "GigabitEthernet0/0"))
    assert got["netauto_interface_in_octets_total"][port] == 1000
    assert got["netauto_interface_out_octets_total"][port] == 2000
    assert got["netauto_interface_errors_total"][port] == 4
    runs = got["netauto_runs_total"]
    assert sum(runs.values()) >= 1 and all(dict(k)["runbook"] for k in runs)
    assert "netauto_spool_pending" in got and "netauto_scheduler_lag_seconds" in got
    assert sum(got["netauto_devices"].values()) == 3
    assert "secret" not in response.text.lower()


def test_metrics_need_a_token_unless_asked_from_loopback(
    app: Flask, accounts: dict[str, Account]
) -> None:
    client = app.test_client()
    remote: dict[str, Any] = {"environ_base": {"REMOTE_ADDR": "192.0.2.7"}}
    assert client.get("/metrics", **remote).status_code == 401
    proxied = client.get("/metrics", headers={"X-Forwarded-For": "192.0.2.7"})
    assert proxied.status_code == 401
    with_token = client.get("/metrics", headers=bearer(accounts["viewer"].token), **remote)
    assert with_token.status_code == 200 and "netauto_runs_total" in with_token.text
    assert client.get("/metrics", headers=bearer("nta_wrong"), **remote).status_code == 401
