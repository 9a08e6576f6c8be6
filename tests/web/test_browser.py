"""The pages in a real browser: Debian's chromium, headless, driven by Playwright.

The browser is /usr/bin/chromium (``.ci/run`` installs it), never one Playwright downloads.
Without it the tests skip, except under CI=true, where they fail. The server is waitress on
127.0.0.1 in this process, over a project on the simulated fleet (three routers).

``NETAUTO_WEB_SCREENSHOTS=docs/screenshots`` also saves a screenshot of each page there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aistub import Call, StubServer, Turn
from netauto_testing import (
    DEPLOY,
    Project,
    config_body,
    configure_router,
    make_project,
    show_running,
)
from webtest import ARGS, CHROMIUM, PASSWORD, Account, make_accounts, serving
from webtest import unavailable as _unavailable

from netauto.db.devices import update_device
from netauto.db.oplog_store import Store
from netauto.db.records import OpRecord

EVIL = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as running:
        yield running


@pytest.fixture
def site(
    tmp_path: Path, sqlite_url: str, fleet: Any, stub: StubServer
) -> Iterator[tuple[str, Project, dict[str, Account]]]:
    """A project that backed the fleet up once, with users, served on 127.0.0.1."""
    from netauto.web import create_app

    providers = [
        {"name": "openai", "model": "stub", "base_url": stub.base_url("openai"), "timeout": 5}
    ]
    project = make_project(tmp_path / "project", sqlite_url, fleet, ai={"providers": providers})
    assert project.run("backup").exit_code == 0
    accounts = make_accounts(project.database_url)
    with serving(create_app(project.config, feed={"poll": 0.2})) as base:
        yield base, project, accounts


@pytest.fixture
def browser(playwright: Any, tmp_path: Path) -> Iterator[Callable[[], Any]]:
    """A factory of pages, each in a fresh profile (its own user-data-dir and cookies)."""
    contexts: list[Any] = []

    def new_page() -> Any:
        profile = tmp_path / f"profile-{len(contexts)}"
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": 1400, "height": 900},
        )
        contexts.append(context)
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(15_000)
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(f"error: {error}"))
        page.on(
            "console",
            lambda message: (
                page.problems.append(f"{message.type}: {message.text}")
                if message.type in ("error", "warning")
                else None
            ),
        )
        page.on("dialog", lambda dialog: (page.problems.append("dialog"), dialog.dismiss()))
        return page

    yield new_page
    for context in contexts:
        context.close()


def log_in(page: Any, base: str, account: Account) -> None:
    page.goto(f"{base}/")
    assert "/login" in page.url  # no session: the login page first
    page.fill("#email", account.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.wait_for_selector("#live-state.live")


def test_login_and_the_dashboard_charts(site: Any, browser: Callable[[], Any]) -> None:
    base, _project, accounts = site
    page = browser()
    page.goto(f"{base}/login")
    page.fill("#email", accounts["viewer"].email)
    page.fill("#password", "wrong password")
    page.click("button[type=submit]")
    assert "Wrong email or password" in page.inner_text(".alert-danger")
    page.problems.clear()  # the 401 of the failed login
    log_in(page, base, accounts["viewer"])
    assert page.inner_text("h1") == "Network Dashboard"
    assert page.inner_text('[data-figure="total"]') == "3"
    drawn = page.evaluate(
        """() => ['timeline-chart', 'status-chart'].map((id) => {
            const chart = Chart.getChart(id);
            const canvas = document.getElementById(id);
            const {width, height} = canvas;
            const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
            const data = chart.data.datasets.map((set) => set.data.reduce((a, b) => a + b, 0));
            return {type: chart.config.type, total: data.reduce((a, b) => a + b, 0), painted};
        })"""
    )
    assert drawn[0]["type"] == "bar" and drawn[0]["total"] >= 4  # the backup's rows, today
    assert drawn[1] == {"type": "doughnut", "total": 3, "painted": drawn[1]["painted"]}
    assert all(chart["painted"] > 1000 for chart in drawn)
    assert page.problems == []


def test_a_backup_from_the_command_line_shows_up_live(
    site: Any, browser: Callable[[], Any]
) -> None:
    base, project, accounts = site
    page = browser()
    log_in(page, base, accounts["viewer"])
    page.goto(f"{base}/operations/")
    page.wait_for_selector("#live-state.live")
    page.evaluate("window.__same_page = true")
    host = project.fleet.names[2]
    netauto = [sys.executable, "-c", "from netauto.cli import main; main()"]  # another process
    command = [*netauto, "backup", "-H", host, "--config", str(project.config)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    run = project.runs()[-1]
    run_link, host_link = f'a[href="/operations/{run.id.hex}"]', f'a[href="/devices/{host}"]'
    # The row shows up while the backup runs (``running``), then its end replaces it.
    row = page.wait_for_selector(
        f"#operations-table tr:has({run_link}):has({host_link}):has-text('success')"
    )
    assert "config_backup" in row.inner_text()
    assert page.evaluate("window.__same_page") is True  # no reload
    assert page.problems == []


def test_a_refused_live_stream_is_opened_again(site: Any, browser: Callable[[], Any]) -> None:
    """A user holds 4 live streams at most. A page whose stream is refused (429: the streams
    of pages just left are not closed yet) shows "reconnecting" and, once a stream is free,
    goes live by itself (EventSource gives up on a refused stream; the page's script does not)."""
    import http.client

    base, _project, accounts = site
    first = browser()
    log_in(first, base, accounts["operator"])  # one stream
    [cookie] = [c for c in first.context.cookies() if c["name"] == "netauto_session"]
    host, port = base.removeprefix("http://").split(":")
    held = []
    for _ in range(3):  # three more: the user's four
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        connection.request(
            "GET", "/api/events", headers={"Cookie": f"netauto_session={cookie['value']}"}
        )
        response = connection.getresponse()  # kept: its socket is the stream
        assert response.status == 200
        held.append(response)
    second = browser()
    second.goto(f"{base}/login")
    second.fill("#email", accounts["operator"].email)
    second.fill("#password", PASSWORD)
    second.click("button[type=submit]")
    second.wait_for_url(f"{base}/")
    deadline = time.monotonic() + 15
    while not any("status of 429" in p for p in second.problems) and time.monotonic() < deadline:
        second.wait_for_timeout(100)
    assert any("status of 429" in p for p in second.problems), second.problems
    second.wait_for_selector("#live-state.down")
    assert second.inner_text("#live-state").strip() == "reconnecting"
    for response in held:
        response.close()
    second.wait_for_selector("#live-state.live", timeout=30_000)
    assert [p for p in second.problems if "status of 429" not in p] == [], second.problems


def test_a_viewer_has_no_quick_actions_and_the_api_refuses(
    site: Any, browser: Callable[[], Any]
) -> None:
    base, project, accounts = site
    host = project.fleet.names[0]
    viewer = browser()
    log_in(viewer, base, accounts["viewer"])
    for path in ("/", "/devices/", f"/devices/{host}"):
        viewer.goto(f"{base}{path}")
        assert viewer.locator("[data-quick], [data-quick-open]").count() == 0
    status = viewer.evaluate(
        """async () => (await fetch('/api/runs', {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-CSRF-Token':
                document.querySelector('meta[name=csrf-token]').content},
            body: JSON.stringify({runbook: 'backup'})})).status"""
    )
    assert status == 403
    operator = browser()
    log_in(operator, base, accounts["operator"])
    operator.goto(f"{base}/devices/{host}")
    operator.wait_for_selector("#live-state.live")
    operator.click('[data-quick="check"]')  # a quick action: its progress card, then its end
    operator.wait_for_selector('#jobs .card:has-text("finished")', timeout=30_000)
    assert "open the run" in operator.inner_text("#jobs")
    viewer.problems = [p for p in viewer.problems if "403" not in p]
    assert viewer.problems == [] and operator.problems == []


@pytest.fixture
def change_site(
    tmp_path: Path, sqlite_url: str, fleet: Any
) -> Iterator[tuple[str, Project, dict[str, Account]]]:
    """A project with the deploy tests' templates and NTP data, served on 127.0.0.1."""
    from netauto.web import create_app

    project = make_project(tmp_path / "project", sqlite_url, fleet, **DEPLOY)
    accounts = make_accounts(project.database_url)
    with serving(create_app(project.config, feed={"poll": 0.2})) as base:
        yield base, project, accounts


def test_the_run_form_draws_each_runbook_and_commits_only_its_dry_run(
    change_site: Any, browser: Callable[[], Any]
) -> None:
    """The modal lists every declared runbook with its parameters (from /api/runbooks); a
    change runs dry, and its card's Commit button commits exactly what it showed."""
    base, project, accounts = change_site
    host = project.fleet.names[2]
    page = browser()
    log_in(page, base, accounts["operator"])
    page.click("[data-quick-open]")
    page.wait_for_selector('#quick-runbook option[value="deploy"]', state="attached")
    listed = page.eval_on_selector_all("#quick-runbook option", "nodes => nodes.map(n => n.value)")
    assert {"backup", "check", "deploy", "facts", "generate", "rollback", "show"} <= set(listed)
    page.select_option("#quick-runbook", "facts")
    page.wait_for_selector('[data-param="getters"]')
    page.select_option("#quick-runbook", "deploy")
    page.wait_for_selector('#quick-options [data-param="template"]')
    assert page.locator('[data-param="file"]').count() == 0  # a local path: command line only
    assert page.locator('#quick-commit-options [data-param="revert_in"]').count() == 1
    assert page.locator('[data-param="commit"]').count() == 0  # committing is the card's
    page.fill('[data-param="template"]', "ios/ntp.j2")
    page.fill("#quick-hosts", host)
    page.fill('#quick-commit-options [data-param="revert_in"]', "120")
    page.click("[data-quick-submit]")
    button = page.wait_for_selector("[data-commit-job]", timeout=30_000)
    assert button.inner_text() == "Commit 1 router"
    assert "ntp server 192.0.2.10" not in show_running(project.fleet, host)  # a dry run
    button.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#jobs .card')].filter("
        "c => c.innerText.includes('finished')).length >= 2",
        timeout=60_000,
    )
    assert "ntp server 192.0.2.10" in show_running(project.fleet, host)
    commits = project.operations("config_commit")
    assert [(op.host, op.status) for op in commits] == [(host, "success")]
    assert page.problems == []


def test_cancel_from_the_page_and_a_committing_schedule(
    change_site: Any, browser: Callable[[], Any]
) -> None:
    """The card's Cancel button stops a commit as Ctrl-C does: the router whose commit has
    begun is rolled back, the card ends ``cancelled``. Then a schedule that commits is added,
    edited and removed from the page, each save that commits confirmed first."""
    base, project, accounts = change_site
    fleet, host = project.fleet, project.fleet.names[1]
    before = config_body(show_running(fleet, host))
    page = browser()
    log_in(page, base, accounts["operator"])
    page.click("[data-quick-open]")
    page.wait_for_selector('#quick-runbook option[value="deploy"]', state="attached")
    page.select_option("#quick-runbook", "deploy")
    page.fill('[data-param="template"]', "ios/ntp.j2")
    page.fill("#quick-hosts", host)
    page.click("[data-quick-submit]")
    button = page.wait_for_selector("[data-commit-job]", timeout=30_000)
    fleet.set_fault(host, latency=0.05)
    try:
        button.click()
        deadline = time.monotonic() + 60
        while "file prompt quiet" not in show_running(fleet, host):  # its commit has begun
            assert time.monotonic() < deadline
            time.sleep(0.05)
        page.click("[data-cancel-job]")
        page.wait_for_selector('#jobs .card:has-text("cancelled")', timeout=60_000)
    finally:
        fleet.clear_faults()
    assert config_body(show_running(fleet, host)) == before
    assert "file prompt quiet" not in show_running(fleet, host)
    assert page.problems == []
    # A schedule that commits: added, edited and removed from the page, each commit confirmed.
    page.goto(f"{base}/automation/")
    page.click("#schedule-new")
    page.fill("#s-name", "ntp-nightly")
    page.select_option("#s-runbook", "deploy")
    page.fill("#s-hosts", host)
    page.fill("#s-options", "--template ios/ntp.j2 --commit")
    page.fill("#s-cron", "0 3 * * *")
    page.click("#schedule-save")
    assert "commits changes to routers" in page.inner_text("#schedule-confirm")
    assert _schedules(project) == []  # nothing saved before the confirmation
    page.click("#schedule-confirm-button")
    page.wait_for_selector('tr[data-schedule="ntp-nightly"]')
    page.click('tr[data-schedule="ntp-nightly"] [data-schedule-action="edit"]')
    assert page.input_value("#s-options") == "--template ios/ntp.j2 --commit"
    page.fill("#s-cron", "0 4 * * *")
    page.click("#schedule-save")
    page.click("#schedule-confirm-button")
    page.wait_for_selector('tr[data-schedule="ntp-nightly"]')
    [saved] = _schedules(project)
    assert saved["timing"]["cron"] == "0 4 * * *" and saved["options"]["commit"] is True
    page.click('tr[data-schedule="ntp-nightly"] [data-schedule-action="remove"]')
    page.wait_for_selector("text=Schedule ntp-nightly removed")
    assert _schedules(project) == []
    # Pages left within a second may still hold their live stream: a 429 (4 per user), then
    # the new page's stream reconnects. Nothing else.
    assert [p for p in page.problems if "status of 429" not in p] == [], page.problems


def _schedules(project: Project) -> list[Any]:
    from netauto.project import Project as Opened

    return [schedule.to_json() for schedule in Opened.open(project.config).schedules.list()]


def test_router_values_are_text_never_markup(site: Any, browser: Callable[[], Any]) -> None:
    base, project, accounts = site
    host = project.fleet.names[0]
    update_device(project.database_url, host, metadata={"description": EVIL})
    page = browser()
    log_in(page, base, accounts["viewer"])
    page.goto(f"{base}/devices/{host}")
    assert page.inner_text('[data-meta="description"]') == EVIL
    page.goto(f"{base}/operations/")
    page.wait_for_selector("#live-state.live")
    with Store(project.database_url) as store:
        store.store(
            [OpRecord(__import__("uuid").uuid4(), "facts", "failed", host=host, error_message=EVIL)]
        )
    cell = page.locator("#operations-table td.cell-error").filter(has_text="window.__xss")
    cell.first.wait_for()  # arrived live, as text
    assert cell.first.inner_text() == EVIL
    time.sleep(0.5)
    assert page.evaluate("window.__xss") is None
    assert page.problems == []


def test_every_page_and_the_chat(
    site: Any, browser: Callable[[], Any], stub: StubServer, tmp_path: Path
) -> None:
    """Every page renders with no script error or CSP violation; the chat streams an answer."""
    from netauto.engine.options import Selection
    from netauto.project import Project as Opened
    from netauto.schedule.timing import Timing

    base, project, accounts = site
    host = project.fleet.names[0]
    configure_router(project, host, ["ntp server 192.0.2.10", "logging host 192.0.2.20"])
    assert project.run("backup", "-H", host).exit_code == 0  # a second version: a diff
    assert project.run("health").exit_code == 0
    assert project.run("facts").exit_code == 0
    for name, runbook, cron, every in (
        ("nightly-backup", "backup", "0 2 * * *", None),
        ("hourly-health", "health", None, "1h"),
    ):
        Opened.open(project.config, user="operator").schedules.add(
            name,
            runbook_name=runbook,
            selection=Selection(groups=["routers"]),
            tokens=[],
            timing=Timing.parse(cron, every, None),
            description=f"{runbook} of every router",
        )
    page = browser()
    log_in(page, base, accounts["admin"])
    stub.script("openai", Call("list_devices", {}), "Three routers, all online: R15, R16, R17.")
    page.goto(f"{base}/chat/")
    page.fill("#chat-input", "How is the fleet?")
    page.click("#chat-send")
    page.wait_for_selector(".chat-assistant .chat-bubble:has-text('all online')")
    assert "/chat/chat-" in page.url and "list_devices" in page.inner_text("#chat-log")
    session = page.url.rsplit("/", 1)[1]  # the sidebar showed it at once, before any reload
    assert page.locator(f'#chat-sessions [data-session="{session}"].active').count() == 1
    # A proposal committed from the page: each router's diff shown again, then the one flow.
    change = {"hosts": [host], "config": "logging host 192.0.2.55", "reason": "central syslog"}
    stub.script("openai", Turn("", (Call("propose_change", change),)), "Proposal P1 is ready.")
    page.fill("#chat-input", f"send {host}'s syslog to 192.0.2.55")
    page.click("#chat-send")
    page.click("[data-review='P1']")
    shown = page.inner_text("[data-confirm='P1']")
    assert host in shown and "logging host 192.0.2.55" in shown, shown
    assert "logging host 192.0.2.55" not in show_running(project.fleet, host)
    page.click("[data-commit-proposal='P1']")
    page.wait_for_selector("[data-committed='committed']", timeout=60_000)
    assert "logging host 192.0.2.55" in show_running(project.fleet, host)
    assert page.locator(f'#chat-sessions [data-session="{session}"]').count() == 1
    shots = Path(os.environ.get("NETAUTO_WEB_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    run = project.runs()[1]  # the second backup: a short diff
    pages = {
        "dashboard": "/",
        "devices": "/devices/",
        "device": f"/devices/{host}",
        "operations": "/operations/",
        "run": f"/operations/{run.id.hex}",
        "automation": "/automation/",
        "chat": page.url.removeprefix(base),
        "settings": "/settings/",
    }
    for name, path in pages.items():
        page.goto(f"{base}{path}")
        page.wait_for_selector("#live-state.live")
        page.screenshot(path=str(shots / f"{name}.png"), full_page=name == "device")
    page.goto(f"{base}/login")  # logged in: back to the dashboard
    assert page.url == f"{base}/"
    # A 429 at most: a stream whose page was left a moment before the server saw it go (the
    # page opened its stream again; every page above went live). Nothing else.
    assert [p for p in page.problems if "status of 429" not in p] == [], page.problems


def test_times_zones_filters_404_and_the_profile(site: Any, browser: Callable[[], Any]) -> None:
    base, project, accounts = site
    page = browser()
    log_in(page, base, accounts["viewer"])
    page.goto(f"{base}/operations/")
    zone = page.evaluate(
        "() => new Intl.DateTimeFormat(undefined, {timeZoneName: 'short'})"
        ".formatToParts(new Date()).find(p => p.type === 'timeZoneName').value"
    )
    shown = page.eval_on_selector_all("time[datetime]", "nodes => nodes.map(n => n.textContent)")
    assert shown and all(text.endswith(f" {zone}") for text in shown), (zone, shown)
    hosts = page.eval_on_selector_all("#f-host option", "nodes => nodes.map(n => n.value)")
    assert hosts == ["", *sorted(project.fleet.names)]
    page.select_option("#f-type", "config_backup")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**type=config_backup**")
    page.goto(f"{base}/operations/runs")
    page.select_option("#r-runbook", "backup")
    page.click("#run-filters button[type=submit]")
    page.wait_for_url("**runbook=backup**")
    assert page.locator("#runs-table tbody tr").count() == 1
    missing = page.goto(f"{base}/no/such/page")
    assert missing.status == 404
    assert page.locator("#error-page").inner_text().count("Page not found") == 1
    # The 404 itself, nothing else (a 429: a live stream of a page left a moment ago was
    # still counted against the user's 4; the page's stream reconnects).
    allowed = ("status of 404", "status of 429")
    assert [p for p in page.problems if not any(a in p for a in allowed)] == [], page.problems
    page.problems.clear()
    # The profile, from the user menu: display name, a token shown once and revoked, password.
    page.goto(f"{base}/")
    page.click("nav .dropdown-toggle")
    page.click("text=Profile and API tokens")
    page.wait_for_url(f"{base}/profile/")
    page.fill("#display-name", "Vera Viewer")
    page.click("#name-form button")
    assert page.input_value("#display-name") == "Vera Viewer"
    page.fill("#token-label", "grafana")
    page.click("#token-form button")
    token = page.inner_text("#new-token-value").strip()
    assert token.startswith("nta_") and page.locator("#tokens-table tr[data-token]").count() == 2
    page.goto(f"{base}/profile/")  # shown once: the page shows no token again
    assert page.locator("#new-token").count() == 0 and token not in page.content()
    row = page.locator("#tokens-table tr", has_text="grafana")
    row.locator("button", has_text="Revoke").click()
    page.wait_for_selector("text=revoked.")
    assert page.locator("#tokens-table tr", has_text="grafana").count() == 0
    new = "a long new passphrase for vera"
    page.fill("#pw-current", PASSWORD)
    page.fill("#pw-new", new)
    page.fill("#pw-again", new)
    page.click("#password-form button")
    page.wait_for_selector("text=Password changed.")
    assert page.goto(f"{base}/profile/").status == 200  # this session goes on
    from netauto.accounts import check_password

    assert check_password(project.database_url, accounts["viewer"].email, new).role == "viewer"
    assert page.problems == []
