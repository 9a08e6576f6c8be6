"""poll: SNMP from the lab (SSH for a router without SNMP), samples, thresholds, the dashboard."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import make_project
from netmiko import ConnectHandler

from netauto.clock import utcnow
from netauto.db import samples
from netauto.db.dashboard import overview
from netauto.plugins.credentials import LAB_PASSWORD, LAB_SECRET, LAB_USERNAME

COMMUNITY = "poll-ro-9q2w"


@pytest.fixture(scope="module")
def snmp_fleet() -> Iterator[Any]:
    """R15 and R16 answer SNMP (community configured over SSH; R16 has ten interfaces); R17
    has no SNMP."""
    from netauto.lab.fleet import start_fleet

    with start_fleet(routers="R15-R17", snmp_port=0) as running:
        for name in ("R15", "R16"):
            with ConnectHandler(
                device_type="cisco_ios",
                host=running.address(name),
                port=running.port,
                username=LAB_USERNAME,
                password=LAB_PASSWORD,
                secret=LAB_SECRET,
                fast_cli=True,
            ) as conn:
                conn.enable()
                lines = [f"snmp-server community {COMMUNITY} RO"]
                if name == "R16":  # more interfaces than the first GETBULK asks for
                    lines += [f"interface Loopback{n}" for n in range(1, 7)]
                conn.send_config_set(lines)
        yield running


@pytest.fixture
def poll_project(
    tmp_path: Path, database_url: str, snmp_fleet: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    monkeypatch.setenv("NETAUTO_SNMP_COMMUNITY", COMMUNITY)
    yield make_project(
        tmp_path,
        database_url,
        snmp_fleet,
        router_data={"snmp_port": snmp_fleet.snmp_port},
        health={"latency_ms": 1000},
        poll={"timeout": 1.6, "retries": 0},
    )
    snmp_fleet.clear_faults()


def test_poll_reads_snmp_and_falls_back_to_ssh(poll_project: Any) -> None:
    result = poll_project.run("poll")
    assert result.exit_code == 0, result.output
    assert "3 online, 0 warning, 0 offline (2 by SNMP, 1 by SSH)." in result.output
    url = poll_project.database_url
    latest = samples.latest_samples(url)
    assert {name: row.source for name, row in latest.items()} == {
        "R15": "snmp",
        "R16": "snmp",
        "R17": "ssh",
    }
    assert len(latest["R16"].interfaces) == 10 and "Loopback6" in latest["R16"].interfaces
    r15 = latest["R15"]
    assert r15.cpu_percent == 1 and 0 < (r15.memory_percent or 0) < 50
    assert r15.interfaces["GigabitEthernet0/0"][3] is True
    devices = poll_project.devices()
    assert {d.status for d in devices.values()} == {"online"}
    assert devices["R15"].uptime_seconds > 40 * 86400 and devices["R15"].last_seen is not None

    assert poll_project.run("poll", "-H", "R15").exit_code == 0
    points = samples.series(url, "R15", "hour")
    assert len(points) == 2
    in_bps, out_bps = points[1]["interfaces"]["GigabitEthernet0/0"]
    assert in_bps > 0 and out_bps > in_bps  # the lab's traffic: 90 bytes in, 110 out a packet


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the first test has both
def test_poll_marks_down_offline_and_slow_warning(poll_project: Any) -> None:
    poll_project.fleet.set_fault("R15", down=True)
    poll_project.fleet.set_fault("R16", latency=1.15)
    result = poll_project.run("poll")
    assert result.exit_code == 1, result.output
    assert "1 online, 1 warning, 1 offline" in result.output
    assert "R15   offline  connection refused" in result.output  # SNMP silent, then SSH refused
    assert "R17   online   by SSH (SNMP: no SNMP response received before timeout)" in (
        result.output
    )
    devices = poll_project.devices()
    assert devices["R15"].status == "offline"
    assert devices["R16"].status == "warning"
    health = overview(poll_project.database_url).health
    assert health is not None and health.runbook == "poll"
    states = {host.host: (host.state, host.reasons) for host in health.hosts}
    assert states["R15"][0] == "offline"
    assert states["R16"][0] == "warning"
    assert states["R16"][1][0].startswith("latency 1") and states["R16"][1][0].endswith("> 1000 ms")
    # The dashboard page shows it.
    from netauto.accounts import add_user, create_token
    from netauto.web import create_app

    url = poll_project.database_url
    add_user(url, "viewer@example.com", "viewer", actor="test", username="viewer")
    token, _ = create_token(url, "viewer@example.com", actor="test", label="test")
    app = create_app(poll_project.config)
    try:
        response = app.test_client().get("/", headers={"Authorization": f"Bearer {token}"})
        page = response.text
    finally:
        app.extensions["netauto"].feed.close()
    assert response.status_code == 200
    assert "Health, last poll run" in page
    assert html.escape(states["R16"][1][0]) in page  # "latency 1304 ms &gt; 1000 ms"


def test_roll_up_and_prune(sqlite_url: str) -> None:
    from netauto.db import migrate

    migrate.upgrade(sqlite_url)
    now = utcnow().replace(minute=30, second=0, microsecond=0)
    rows = []
    for minutes in range(0, 3 * 60, 10):  # three hours back, every ten minutes
        taken = now - timedelta(minutes=minutes)
        octets = 1_000_000 - minutes * 60 * 1000
        rows.append(
            {
                "device": "R15",
                "taken_at": taken,
                "status": "online",
                "source": "snmp",
                "latency_ms": 10.0 + minutes % 20,
                "cpu_percent": 5.0,
                "memory_percent": 20.0,
                "uptime_seconds": 1000,
                "interfaces": {"Gi0/0": [octets, octets, 0, True]},
            }
        )
    samples.store_samples(sqlite_url, rows)
    assert samples.roll_up(sqlite_url, now=now) == 3  # the complete hours before now
    assert samples.roll_up(sqlite_url, now=now) == 0
    week = samples.series(sqlite_url, "R15", "week", now=now)
    assert len(week) == 3 and week[-1]["cpu_percent"] == 5.0
    assert week[-1]["interfaces"]["Gi0/0"][0] == pytest.approx(8000.0)  # 1000 B/s
    removed = samples.prune(sqlite_url, samples_days=1, rollup_days=2, now=now + timedelta(days=1))
    assert removed[0] > 0 and removed[1] == 0


def test_health_warns_on_latency_too(tmp_path: Path, sqlite_url: str, snmp_fleet: Any) -> None:
    project = make_project(tmp_path, sqlite_url, snmp_fleet, health={"latency_ms": 200})
    snmp_fleet.set_fault("R17", latency=0.08)  # a few commands: the login takes > 200 ms
    try:
        result = project.run("health", "-H", "R17")
    finally:
        snmp_fleet.clear_faults()
    assert result.exit_code == 0, result.output
    assert "R17   warning  latency " in result.output and "> 200 ms" in result.output
    assert project.devices()["R17"].status == "warning"
