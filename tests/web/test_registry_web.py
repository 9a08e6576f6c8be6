"""The device registry on the web: the add form in Chromium, and the JSON API.

A fleet of 3 routers; the registry (``inventory.plugin: netauto.database``) is seeded with
R15 and R16, and R17 is added from the devices page, then backed up by the next
``netauto backup`` with no file edited. The browser is Debian's chromium (as test_browser).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from netauto_testing import Project, make_project
from webtest import ARGS, CHROMIUM, PASSWORD, Account, bearer, make_accounts, need_chromium, serving


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


def _registry_project(folder: Path, url: str, fleet: Any, *, seeded: tuple[str, ...]) -> Project:
    project = make_project(folder, url, fleet)
    config = yaml.safe_load(project.config.read_text())
    config["inventory"]["plugin"] = "netauto.database"
    project.config.write_text(yaml.safe_dump(config))
    hosts_file = folder / "inventory" / "hosts.yaml"
    hosts = yaml.safe_load(hosts_file.read_text())
    hosts_file.write_text(yaml.safe_dump({k: v for k, v in hosts.items() if k in seeded}))
    return project


def _cli(project: Project, *args: str) -> Any:
    from netauto.cli import cli

    return CliRunner().invoke(cli, [*args, "--config", str(project.config)], catch_exceptions=False)


@pytest.fixture
def site(
    tmp_path: Path, sqlite_url: str, fleet: Any
) -> Iterator[tuple[str, Project, dict[str, Account]]]:
    from netauto.web import create_app

    project = _registry_project(tmp_path / "project", sqlite_url, fleet, seeded=("R15", "R16"))
    accounts = make_accounts(project.database_url)
    with serving(create_app(project.config, feed={"poll": 0.2})) as base:
        yield base, project, accounts


def _chromium_page(tmp_path: Path) -> Iterator[Any]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        context = running.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    yield from _chromium_page(tmp_path)


def test_router_added_in_the_browser_is_backed_up_next(site: Any, page: Any, fleet: Any) -> None:
    base, project, accounts = site
    page.goto(f"{base}/login")
    page.fill("#email", accounts["operator"].email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/devices/")
    page.fill("#add-name", "R17")
    page.fill("#add-address", fleet.address("R17"))
    page.fill("#add-port", str(fleet.port))
    page.fill("#add-data", "site=lab\nrole: edge")  # a bad line: refused, nothing added
    page.click("#add-device-submit")
    page.wait_for_url(f"{base}/devices/")
    assert "data: 'role: edge' is not key=value" in page.inner_text(".alert-danger")
    page.fill("#add-name", "R17")
    page.fill("#add-address", fleet.address("R17"))
    page.fill("#add-port", str(fleet.port))
    page.fill("#add-data", "site=lab")
    page.click("#add-device-submit")
    page.wait_for_url(f"{base}/devices/R17")
    assert "R17 added: online" in page.inner_text(".alert-success")
    assert page.inner_text("#device-model") != "unknown"
    result = _cli(project, "backup")
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in project.backups.glob("*.cfg")) == ["R15", "R16", "R17"]
    # Retire from the device page; the page says so, with a restore button.
    page.goto(f"{base}/devices/R16")
    page.click("#device-registry summary")
    page.click("#retire-device button")
    page.wait_for_selector("#device-retired")
    page.goto(f"{base}/devices/")
    assert "R16" in page.inner_text("#retired-devices")
    assert "R16" not in page.inner_text("#devices-table")


@pytest.fixture
def api(tmp_path: Path, sqlite_url: str, fleet: Any) -> Iterator[tuple[Any, Project, Any]]:
    """The app's test client over a registry project: (client, project, headers by role)."""
    from netauto.web import create_app

    project = _registry_project(tmp_path, sqlite_url, fleet, seeded=("R15", "R16"))
    accounts = make_accounts(project.database_url)
    app = create_app(project.config, feed={"poll": 0.2})
    yield app.test_client(), project, {role: bearer(a.token) for role, a in accounts.items()}
    app.extensions["netauto"].feed.close()


def test_api_add_edit_retire(api: Any) -> None:
    client, project, role = api
    spec = {"name": "R60", "address": "127.0.0.60", "port": 1, "data": {"site": "lab"}}
    assert client.post("/api/devices", json=spec, headers=role["viewer"]).status_code == 403
    added = client.post("/api/devices", json=spec, headers=role["operator"])
    assert added.status_code == 201, added.text
    assert added.json["status"] == "offline" and added.json["metadata"]["onboarding"]
    assert added.headers["Location"].endswith("/api/devices/R60")
    bad = client.post(
        "/api/devices", json={**spec, "name": "R61", "address": "x"}, headers=role["operator"]
    )
    assert (bad.status_code, bad.json["error"]) == (400, "device: address 'x' is not an IP address")
    edited = client.patch(
        "/api/devices/R60", json={"data": {"site": "dc2"}}, headers=role["operator"]
    )
    assert edited.json["data"] == {"site": "dc2"}
    assert _cli(project, "backup").exit_code == 1  # R60 does not answer
    gone = client.delete("/api/devices/R60", headers=role["operator"])
    assert (gone.status_code, gone.json["retired"]) == (200, True)
    result = _cli(project, "backup")
    assert result.exit_code == 0, result.output  # R60 is in no selection any more
    history = client.get("/api/devices/R60", headers=role["viewer"])
    assert history.status_code == 200
    types = [op["operation_type"] for op in history.json["operations"]["items"]]
    assert {"device_add", "device_edit", "device_retire", "config_backup"} <= set(types)
    assert client.delete("/api/devices/R99", headers=role["operator"]).status_code == 404
    listed = client.get("/api/devices", headers=role["viewer"]).json
    assert [row["name"] for row in listed] == ["R15", "R16"]
    registry = client.get("/api/devices/registry", headers=role["viewer"]).json
    assert registry["writable"] is True
    assert [(d["name"], d["retired"]) for d in registry["devices"]][-1] == ("R60", True)


def test_yaml_inventory_api_says_read_only(tmp_path: Path, sqlite_url: str, fleet: Any) -> None:
    from netauto.web import create_app

    project = make_project(tmp_path, sqlite_url, fleet)
    accounts = make_accounts(project.database_url)
    app = create_app(project.config, feed={"poll": 0.2})
    client = app.test_client()
    answer = client.post(
        "/api/devices",
        json={"name": "R70", "address": "127.0.0.70"},
        headers=bearer(accounts["operator"].token),
    )
    registry = client.get("/api/devices/registry", headers=bearer(accounts["viewer"].token)).json
    app.extensions["netauto"].feed.close()
    assert answer.status_code == 400
    assert answer.json["error"].startswith("the device registry is read-only")
    assert registry["writable"] is False and "YAML" in registry["read_only_reason"]
