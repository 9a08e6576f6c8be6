"""The compliance page in headless Chromium (Debian's), and its API, over a drifted router.

Two lab routers; R16 gets an NTP server out of band. ``NETAUTO_WEB_SCREENSHOTS=docs/screenshots``
also saves the two pages there. The page shows routers by features with
their colour, and a cell drills down to the missing and extra lines and the remediation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import argon2
import pytest
from netauto_testing import DEPLOY, Project, configure_router, make_project
from webtest import ARGS, CHROMIUM, PASSWORD, Account, make_accounts, need_chromium, serving

RULES = """\
features:
  - name: ntp
    template: ios/ntp.j2
    match: [ntp server]
  - name: logging
    template: ios/logging.j2
    match: [logging host]
    extra_lines: true
"""


class _QuickHasher(argon2.PasswordHasher):
    """argon2id at its cheapest, as tests/web/conftest.py's (the tests are not attackers)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, fleet: Any
) -> Iterator[tuple[str, Project, dict[str, Account]]]:
    from netauto.web import create_app

    folder = tmp_path_factory.mktemp("compliance-site")
    url = f"sqlite:///{folder / 'netauto.db'}"
    data = {"ntp_servers": ["192.0.2.123"], "syslog_servers": ["192.0.2.50"]}
    project = make_project(folder, url, fleet, **{**DEPLOY, "router_data": data})
    (folder / "compliance.yaml").write_text(RULES)
    configure_router(project, "R16", ["ntp server 192.0.2.99"])
    result = project.run("compliance", "--fresh")
    assert result.exit_code == 1, result.output
    with pytest.MonkeyPatch.context() as patch:  # module-scoped: conftest's patch is not yet on
        patch.setattr(argon2, "PasswordHasher", _QuickHasher)
        accounts = make_accounts(project.database_url)
    with serving(create_app(project.config, feed={"poll": 0.2})) as base:
        yield base, project, accounts


@pytest.fixture(scope="module")
def page(site: Any) -> Iterator[Any]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    base, _project, accounts = site
    with sync_playwright() as running:
        browser = running.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        opened = browser.new_page(viewport={"width": 1400, "height": 900})
        opened.set_default_timeout(15_000)
        problems: list[str] = []
        opened.on("pageerror", lambda error: problems.append(f"error: {error}"))
        opened.goto(f"{base}/login")
        opened.fill("#email", accounts["viewer"].email)
        opened.fill("#password", PASSWORD)
        opened.click("button[type=submit]")
        opened.wait_for_url(f"{base}/")
        opened.problems = problems
        yield opened
        browser.close()


def test_routers_by_features_and_the_drill_down(site: Any, page: Any) -> None:
    base = site[0]
    page.click("a.nav-link:has-text('Compliance')")
    page.wait_for_url(f"{base}/compliance/")
    assert page.inner_text("h1") == "Compliance"
    headers = page.locator("#compliance-table thead th").all_inner_texts()
    assert headers == ["Router", "ntp", "logging"]
    status = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('td[data-feature]')].map(
            (td) => [td.closest('tr').dataset.host + ' ' + td.dataset.feature,
                     [td.querySelector('[data-status]').dataset.status,
                      getComputedStyle(td.querySelector('.badge')).backgroundColor]]))"""
    )
    assert {cell: state for cell, (state, _) in status.items()} == {
        "R15 ntp": "compliant",
        "R15 logging": "compliant",
        "R16 ntp": "non-compliant",
        "R16 logging": "compliant",
    }
    green, red = status["R15 ntp"][1], status["R16 ntp"][1]
    assert green != red and red.startswith("rgb(220, 53, 69")  # Bootstrap's danger
    assert "1 not compliant" in page.inner_text("#compliance-counts")
    shots = os.environ.get("NETAUTO_WEB_SCREENSHOTS")  # docs/screenshots, as test_browser's
    if shots:
        page.screenshot(path=str(Path(shots) / "compliance.png"), full_page=True)

    page.click('tr[data-host="R16"] td[data-feature="ntp"] a')
    page.wait_for_url(f"{base}/compliance/R16/ntp")
    assert page.inner_text("#cell-status") == "non-compliant"
    assert page.locator("#cell-lines span.del").all_inner_texts() == ["-ntp server 192.0.2.99"]
    assert page.inner_text("#cell-remediation") == "no ntp server 192.0.2.99"
    assert page.inner_text("#cell-intended") == "ntp server 192.0.2.123"
    if shots:
        page.screenshot(path=str(Path(shots) / "compliance-cell.png"), full_page=True)
    assert page.problems == []


def test_the_dashboard_shows_the_days_trend(site: Any, page: Any) -> None:
    base = site[0]
    page.goto(f"{base}/")
    today = page.locator("#compliance-trend td[data-day]").last
    assert today.inner_text() == "75%"  # 3 of the 4 features judged today are compliant
    assert today.locator(".badge").get_attribute("class") == "badge text-bg-danger"
    days = page.evaluate("async () => (await fetch('/api/compliance/trend?days=2')).json()")
    assert len(days) == 2 and days[-1]["compliant"] == 3 and days[-1]["non_compliant"] == 1
    assert days[0]["percent"] is None
    bad = page.evaluate("async () => (await fetch('/api/compliance/trend?days=0')).status")
    assert bad == 400
    assert page.problems == []


def test_the_api_gives_the_same_results(site: Any, page: Any) -> None:
    rows = page.evaluate("async () => (await fetch('/api/compliance?feature=ntp')).json()")
    assert [(row["host"], row["status"]) for row in rows] == [
        ("R15", "compliant"),
        ("R16", "non-compliant"),
    ]
    assert rows[1]["extra"] == ["ntp server 192.0.2.99"] and rows[1]["missing"] == []
    one = page.evaluate("async () => (await fetch('/api/compliance/R16/ntp')).json()")
    assert one["remediation"] == ["no ntp server 192.0.2.99"]
    assert one["template"] == "ios/ntp.j2" and len(one["template_version"]) == 12
    missing = page.evaluate("async () => (await fetch('/api/compliance/R16/bgp')).status")
    assert missing == 404
