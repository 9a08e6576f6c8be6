"""README's "Writing a runbook": its package, built and installed, is a runbook everywhere.

The Python file and the pyproject.toml between the ``runbook-example`` markers of README.md
are written out, built into a wheel (this environment's setuptools, nothing downloaded) and
pip-installed into a folder of their own, which the commands (``PYTHONPATH``) and this process
(``sys.path``) then see: the ``netauto.runbooks`` entry point is found like any installed
package's. Then, against the simulated fleet: ``netauto --help`` and ``netauto grep``,
``netauto schedule add --runbook grep`` with its option, ``POST /api/runs`` (202, the run
completes), ``GET /api/runbooks`` (what the run form draws), the assistant's tool, and the
run form in Chromium.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import REPO, Project, build_wheel
from test_browser import log_in
from test_runs import finished, logged_in
from webtest import ARGS, CHROMIUM, Account, make_accounts, serving
from webtest import unavailable as _unavailable

NETAUTO = str(Path(sys.executable).parent / "netauto")


def readme_example() -> tuple[str, str]:
    """(the Python file, the pyproject.toml) of README.md's third-party runbook."""
    text = (REPO / "README.md").read_text()
    block = text.split("<!-- runbook-example -->", 1)[1].split("<!-- /runbook-example -->", 1)[0]
    python = re.search(r"```python\n(.*?)```", block, re.S)
    toml = re.search(r"```toml\n(.*?)```", block, re.S)
    assert python is not None and toml is not None, "README's runbook example lost a block"
    return python.group(1), toml.group(1)


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's package, built and installed into a folder; the folder."""
    root = tmp_path_factory.mktemp("netauto-grep")
    python, toml = readme_example()
    source = root / "src"
    source.mkdir()
    (source / "netauto_grep.py").write_text(python)
    (source / "pyproject.toml").write_text(toml)
    assert 'grep = "netauto_grep:RUNBOOK"' in toml  # the entry-point lines
    wheel = build_wheel(source, root / "dist", "netauto_grep-*.whl")
    target = root / "site"
    install = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index"]
    subprocess.run([*install, "--target", str(target), str(wheel)], check=True)
    assert (target / "netauto_grep.py").is_file()
    return target


@pytest.fixture
def on_path(installed: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This process sees the package (its entry point included) for one test."""
    monkeypatch.syspath_prepend(str(installed))
    yield installed
    sys.modules.pop("netauto_grep", None)


def netauto(installed: Path, project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    return subprocess.run(
        [NETAUTO, *args], cwd=project.folder, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_command_line_and_schedules(installed: Path, project: Project) -> None:
    listed = netauto(installed, project, "--help")
    assert listed.returncode == 0 and re.search(r"\n  grep +Show the lines of each", listed.stdout)
    helped = netauto(installed, project, "grep", "--help").stdout
    assert "-p, --pattern REGEX" in helped and "--ignore-case" in helped
    config = ("--config", str(project.config))
    ran = netauto(installed, project, "grep", "-p", "^hostname", "-H", "R15", "--json", *config)
    assert ran.returncode == 0, ran.stderr
    [row] = json.loads(ran.stdout)
    assert row["host"] == "R15" and row["lines"] == ["hostname R15"] and row["count"] == 1
    bad = netauto(installed, project, "grep", "--pattern", "(", "-H", "R15", *config)
    assert bad.returncode == 2 and bad.stderr.startswith("Error: --pattern: ")  # spelled

    added = netauto(
        installed, project, "schedule", "add", "ntp-lines", "--runbook", "grep",
        "--pattern", "ntp server", "--ignore-case", "--every", "1d", *config,
    )  # fmt: skip
    assert added.returncode == 0, added.stdout + added.stderr
    [schedule] = json.loads(netauto(installed, project, "schedule", "list", "--json").stdout)
    assert schedule["runbook"] == "grep"
    assert schedule["options"] == {"pattern": "ntp server", "ignore_case": True}
    refused = netauto(
        installed, project, "schedule", "add", "x", "--runbook", "grep", "--every", "1d", *config
    )
    assert refused.returncode == 2 and "runbook grep needs --pattern" in refused.stderr


def test_the_api_the_form_and_the_assistant(on_path: Path, project: Project) -> None:
    from netauto.chat.catalog import all_tools
    from netauto.chat.config import load_chat_settings
    from netauto.settings import load_settings
    from netauto.web import create_app

    accounts = make_accounts(project.database_url)
    app = create_app(project.config, feed={"poll": 0.1})
    try:
        operator = logged_in(app, accounts["operator"])
        [grep] = [rb for rb in operator.get("/api/runbooks").json if rb["name"] == "grep"]
        assert [param["name"] for param in grep["params"]] == ["pattern", "ignore_case"]
        assert grep["changes_routers"] is False and grep["params"][0]["required"] is True
        body = {"runbook": "grep", "hosts": ["R16"], "options": {"pattern": "^hostname"}}
        response = operator.send("POST", "/api/runs", json=body)
        assert response.status_code == 202, response.json
        job = finished(operator, response.json["id"])
        assert job["status"] == "finished" and job["counts"]["ok"] == 1, job
        [run] = project.runs()
        assert run.runbook == "grep" and run.username == "operator"
        assert str(run.id) == job["run_id"]
        missing = operator.send("POST", "/api/runs", json={"runbook": "grep"})
        assert missing.status_code == 400 and missing.json["error"] == "runbook grep needs pattern"
    finally:
        app.extensions["netauto"].feed.close()

    tools = all_tools(load_chat_settings(load_settings(project.config)))
    schema = tools["grep"].spec.parameters
    assert {"hosts", "group", "pattern", "ignore_case"} == set(schema["properties"])
    assert schema["required"] == ["pattern"]


def test_the_run_form_in_a_browser(on_path: Path, project: Project, tmp_path: Path) -> None:
    from netauto.web import create_app

    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    accounts: dict[str, Account] = make_accounts(project.database_url)
    with (
        serving(create_app(project.config, feed={"poll": 0.2})) as base,
        sync_playwright() as running,
    ):
        context = running.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        try:
            page: Any = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(15_000)
            log_in(page, base, accounts["operator"])
            page.click("[data-quick-open]")
            page.wait_for_selector('#quick-runbook option[value="grep"]', state="attached")
            page.select_option("#quick-runbook", "grep")
            page.wait_for_selector('#quick-options [data-param="pattern"]')
            assert page.is_visible('#quick-options [data-param="ignore_case"]')
            assert "Show the lines of each" in page.inner_text("#quick-runbook")
        finally:
            context.close()
