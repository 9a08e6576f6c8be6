"""Counts read as English: "1 router", "2 routers", in what the CLI prints (on the lab)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner, Result
from netauto_testing import DEPLOY, Project, configure_router


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


def test_plural() -> None:
    from netauto.text import noun, plural

    assert plural(1, "router") == "1 router"
    assert plural(2, "router") == "2 routers"
    assert plural(0, "router") == "0 routers"
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(3, "entry", "entries") == "3 entries"
    assert noun(1, "process", "processes") == "process"
    assert noun(2, "process", "processes") == "processes"


def ops(project: Project, *args: str) -> Result:
    from netauto.cli import cli

    return CliRunner().invoke(cli, ["ops", *args, "--config", str(project.config)])


def run_id(output: str) -> str:
    found = re.search(r"netauto ops show ([0-9a-f]+)", output)
    assert found is not None, output
    return found.group(1)


def test_ops_list_and_show_count_in_english(project: Project) -> None:
    one = project.run("check", "-H", "R15")
    assert one.exit_code == 0, one.output
    listed = ops(project, "list")
    assert "1 operation, 0 failed." in listed.output, listed.output
    shown = ops(project, "show", run_id(one.output))
    assert "success: 1 host, 1 ok, 0 failed, 0 changed" in shown.output, shown.output

    two = project.run("check", "-H", "R15,R16")
    assert two.exit_code == 0, two.output
    assert "3 operations, 0 failed." in ops(project, "list").output
    shown = ops(project, "show", run_id(two.output))
    assert "success: 2 hosts, 2 ok, 0 failed, 0 changed" in shown.output, shown.output


def test_commit_question_counts_in_english(project: Project) -> None:
    one = project.run("deploy", "--template", "ios/ntp.j2", "-H", "R15", "--commit", stdin="n\n")
    assert "1 router will change: R15." in one.output, one.output
    two = project.run(
        "deploy", "--template", "ios/ntp.j2", "-H", "R15,R16", "--commit", stdin="n\n"
    )
    assert "2 routers will change: R15 R16." in two.output, two.output


def test_facts_entries_in_english(project: Project) -> None:
    result = project.run("facts", "-H", "R15", "--getter", "ntp_servers")
    assert result.exit_code == 0, result.output
    assert re.search(r"ntp_servers: 1 entry *$", result.output, re.M), result.output
    configure_router(project, "R15", ["ntp server 192.0.2.99"])
    result = project.run("facts", "-H", "R15", "--getter", "ntp_servers")
    assert re.search(r"ntp_servers: 2 entries *$", result.output, re.M), result.output
