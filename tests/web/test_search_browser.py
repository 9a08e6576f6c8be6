"""Search in the web: the header's box, results grouped by kind, links to the diff; the API.

Headless Debian chromium through Playwright (the launch flags of test_browser.py), waitress
on 127.0.0.1, a project that backed the simulated fleet (three routers) up twice: R15 turned
``ip http server`` on in between.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import configure_router, make_project
from webtest import ARGS, CHROMIUM, PASSWORD, Account, bearer, make_accounts, serving
from webtest import unavailable as _unavailable


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, fleet: Any
) -> Iterator[tuple[str, dict[str, Account]]]:
    """Built once for the module: the tests only read."""
    from netauto.db.engine import dispose_engines
    from netauto.web import create_app

    folder = tmp_path_factory.mktemp("search-web")
    fleet.reset()
    project = make_project(folder / "project", f"sqlite:///{folder / 'netauto.db'}", fleet)
    (project.folder / "docs").mkdir()
    (project.folder / "docs" / "runbook.md").write_text(
        "# Web server\n\nWe turn the HTTP server off: `no ip http server` <b>always</b>.\n"
    )
    assert project.run("backup").exit_code == 0
    configure_router(project, "R15", ["ip http server"])
    assert project.run("backup").exit_code == 0
    accounts = make_accounts(project.database_url)
    with serving(create_app(project.config, feed={"poll": 0.2})) as base:
        yield base, accounts
    fleet.reset()
    dispose_engines()


def api(base: str, path: str, token: str) -> tuple[int, Any]:
    request = urllib.request.Request(base + path, headers=bearer(token))
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_api_search(site: tuple[str, dict[str, Account]]) -> None:
    base, accounts = site
    token = accounts["viewer"].token
    status, found = api(base, "/api/search?q=" + urllib.parse.quote("ip http server"), token)
    assert status == 200
    [hit] = [hit for hit in found["config"] if hit["exact"]]
    assert (hit["router"], hit["current"], hit["versions"]) == ("R15", True, 1)
    assert hit["url"] == f"/devices/R15?from={hit['before']}&to={hit['first']['sha']}"
    assert found["docs"][0]["url"] == "/search/doc?ref=project:runbook.md#web-server"
    status, runs = api(base, "/api/search?kind=runs&q=backup", token)
    assert status == 200 and len(runs["runs"]) == 2
    assert {run["url"] for run in runs["runs"]} == {
        f"/operations/{run['ref'].replace('-', '')}" for run in runs["runs"]
    }
    assert api(base, "/api/search?q=x&kind=nope", token) == (
        400,
        {"error": "kind must be one of config, runs, docs"},
    )
    assert api(base, "/api/search?q=", token)[0] == 400
    assert api(base, "/api/search?q=x", "nta_" + "x" * 40)[0] == 401


def test_the_header_search_box(site: tuple[str, dict[str, Account]], tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    base, accounts = site
    problems: list[str] = []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda error: problems.append(f"error: {error}"))
        page.goto(f"{base}/login")
        page.fill("#email", accounts["viewer"].email)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.fill("#search-box", "ip http server")
        page.press("#search-box", "Enter")
        page.wait_for_selector("#search-config")
        assert page.input_value("#search-box") == "ip http server"
        rows = page.locator("#search-config tr.search-hit")
        assert rows.first.get_attribute("data-router") == "R15"
        assert "ip http server" in rows.first.inner_text()
        routers = page.inner_text("#search-config .card-header")
        assert "3 routers" in routers  # R16 and R17 hold "no ip http server"
        docs = page.locator("#search-docs .search-hit")
        assert "runbook.md: Web server" in docs.first.inner_text()  # netauto's own docs follow
        assert page.evaluate("window.__xss") is None  # the doc's <b> is text, not markup
        # The router's link opens its page on the diff that added the line.
        rows.first.locator("a").click()
        page.wait_for_url(f"{base}/devices/R15?*")
        assert "+ip http server" in page.content()
        page.goto(f"{base}/")
        page.fill("#search-box", "10.0.0.0/33")
        page.press("#search-box", "Enter")
        assert "is not an IPv4 address" in page.inner_text("#search-problem")
        docs_page = page.goto(f"{base}/search/doc?ref=project:../config.yaml")
        assert docs_page is not None and docs_page.status == 404
        context.close()
    assert problems == []
