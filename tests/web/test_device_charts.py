"""The device page's monitoring charts in headless Chromium, from stored poll samples."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import many_hosts, write_project
from webtest import ARGS, CHROMIUM, PASSWORD, make_accounts, serving
from webtest import unavailable as _unavailable

from netauto.clock import utcnow
from netauto.db import migrate, samples
from netauto.db.devices import sync_inventory


@pytest.fixture
def site(tmp_path: Path, sqlite_url: str) -> Iterator[tuple[str, Any]]:
    """A project whose R15 has three hours of samples, one every 10 minutes, rolled up."""
    from netauto.web import create_app

    migrate.upgrade(sqlite_url)
    hosts = {"R15": many_hosts(1)["R0"]}
    config = write_project(tmp_path, sqlite_url, hosts, {"backups_dir": "backups"})
    sync_inventory(sqlite_url, [("R15", str(hosts["R15"]["hostname"]), "ios")])
    now = utcnow()
    rows = []
    for step in range(18):
        octets = 10_000_000 + step * 600_000  # 1,000 B/s: 8,000 bit/s
        rows.append(
            {
                "device": "R15",
                "taken_at": now - timedelta(minutes=10 * (17 - step)),
                "status": "online",
                "source": "snmp",
                "latency_ms": 20.0 + step,
                "cpu_percent": 5.0 + step,
                "memory_percent": 20.0,
                "uptime_seconds": 86400,
                "interfaces": {"GigabitEthernet0/0": [octets, octets * 2, 0, True]},
            }
        )
    samples.store_samples(sqlite_url, rows)
    samples.roll_up(sqlite_url)
    accounts = make_accounts(sqlite_url)
    with serving(create_app(config, feed={"poll": 0.2})) as base:
        yield base, accounts["viewer"]


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        browser = running.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        opened = browser.new_page(viewport={"width": 1400, "height": 900})
        opened.set_default_timeout(15_000)
        opened.problems = []
        opened.on("pageerror", lambda error: opened.problems.append(f"error: {error}"))
        opened.on(
            "console",
            lambda m: opened.problems.append(m.text) if m.type in ("error", "warning") else None,
        )
        yield opened
        browser.close()


def test_device_charts_hour_and_week(site: tuple[str, Any], page: Any) -> None:
    base, viewer = site
    page.goto(f"{base}/login")
    page.fill("#email", viewer.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/devices/R15")
    page.wait_for_selector("#monitoring[data-span=hour]")
    hour = int(page.get_attribute("#monitoring", "data-points"))
    assert 6 <= hour <= 7  # samples of the last hour
    drawn = page.evaluate(
        """() => Object.fromEntries(Object.entries(window.netautoDeviceCharts).map(
             ([id, chart]) => [id, chart.data.datasets.map(
               (d) => d.data.filter((v) => v != null).length)]))"""
    )
    assert drawn["cpu"] == [hour] and drawn["memory"] == [hour] and drawn["latency"] == [hour]
    assert drawn["traffic"] == [hour - 1, hour - 1]  # rates need two samples: in and out
    in_rate = page.evaluate("() => window.netautoDeviceCharts.traffic.data.datasets[0].data[1]")
    assert in_rate == pytest.approx(8000.0)
    page.click("[data-span=week]")
    page.wait_for_selector("#monitoring[data-span=week]")
    week = int(page.get_attribute("#monitoring", "data-points"))
    assert 2 <= week <= 3  # the complete hours, rolled up
    assert page.is_hidden("[data-slot=empty]")
    assert page.problems == []
