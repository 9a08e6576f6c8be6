"""The bell in Chromium: a router taken down and brought back, told once each, shown live as
toasts and in the bell's list; opening the bell reads them; the notifications page lists them.

Debian's /usr/bin/chromium, headless, by Playwright (as test_browser.py); two lab routers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import make_project
from webtest import ARGS, CHROMIUM, PASSWORD, make_accounts, need_chromium, serving


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        browser = running.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


def test_bell_shows_down_and_up_live(
    tmp_path: Path, sqlite_url: str, fleet: Any, chromium: Any
) -> None:
    from netauto.web import create_app

    project = make_project(tmp_path / "project", sqlite_url, fleet)
    assert project.run("check").exit_code == 0  # both online: nothing to tell
    accounts = make_accounts(project.database_url)
    with serving(create_app(project.config, feed={"poll": 0.2})) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{base}/login")
        page.fill("#email", accounts["viewer"].email)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.wait_for_selector("#live-state.live")
        assert page.is_hidden("#bell-count")

        fleet.set_fault("R16", down=True)
        assert project.run("check", "-H", "R16").exit_code == 1
        page.wait_for_selector("#toasts .toast:has-text('R16 is down')")
        page.wait_for_function("document.getElementById('bell-count').textContent === '1'")
        fleet.reset("R16")
        assert project.run("check", "-H", "R16").exit_code == 0
        page.wait_for_selector("#toasts .toast:has-text('R16 is back online')")
        page.wait_for_function("document.getElementById('bell-count').textContent === '2'")

        page.click("#bell-button")
        items = page.locator("#bell-list [data-event]")
        assert items.count() == 2
        assert "back online" in items.nth(0).inner_text() and "down" in items.nth(1).inner_text()
        page.wait_for_selector("#bell-count.d-none", state="attached")

        page.goto(f"{base}/notifications/")
        rows = page.locator("#events-table tbody tr")
        assert rows.count() == 2 and "router_down" in rows.nth(1).inner_text()
        assert problems == []
        context.close()
