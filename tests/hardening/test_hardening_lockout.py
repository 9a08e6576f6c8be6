"""Hardening, lock-out: a change that locks the operator out is never reported as a success."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import DEPLOY, Project, config_body, show_running


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


def _detail(project: Project, *args: str) -> tuple[int, str]:
    """Exit code and the one host's detail line of a ``deploy --json``."""
    result = project.run("deploy", *args, "--json")
    rows = json.loads(result.stdout[result.stdout.index("[") :])
    assert len(rows) == 1, result.output
    return result.exit_code, str(rows[0]["detail"])


def _without(config: str, *prefixes: str) -> str:
    """The running-config without the lines (and blocks) starting with ``prefixes``."""
    kept: list[str] = []
    skipping = False
    for line in config_body(config):
        if line.startswith(" ") and skipping:
            continue
        skipping = line.startswith(prefixes)
        if not skipping:
            kept.append(line)
    return "\n".join(kept) + "\n"


def test_replace_dropping_own_login_user_is_refused_before_commit(
    project: Project, tmp_path: Path
) -> None:
    fleet = project.fleet
    before = fleet.router("R15").running_config
    candidate = tmp_path / "no-user.cfg"
    candidate.write_text(_without(show_running(fleet, "R15"), "username netauto"))
    code, detail = _detail(
        project, "-H", "R15", "-f", str(candidate), "--replace", "--commit", "-y"
    )
    assert code == 1, detail
    assert detail == (
        "refused: the candidate removes your own access (the login user netauto); nothing committed"
    )
    assert fleet.router("R15").running_config == before
    row = project.operations("config_deploy")[-1]
    assert row.status == "failed" and "login user netauto" in (row.error_message or "")


def test_replace_dropping_vty_access_is_refused(project: Project, tmp_path: Path) -> None:
    fleet = project.fleet
    before = fleet.router("R16").running_config
    candidate = tmp_path / "no-vty.cfg"
    candidate.write_text(_without(show_running(fleet, "R16"), "line vty"))
    code, detail = _detail(
        project, "-H", "R16", "-f", str(candidate), "--replace", "--commit", "-y"
    )
    assert code == 1 and "the vty access" in detail, detail
    assert fleet.router("R16").running_config == before


def test_password_change_fails_the_fresh_login_and_is_rolled_back(
    project: Project, tmp_path: Path
) -> None:
    """A merge the access check cannot see through: the fresh login refuses to confirm."""
    fleet = project.fleet
    before = config_body(show_running(fleet, "R15"))
    candidate = tmp_path / "password.cfg"
    candidate.write_text("username netauto privilege 15 secret 0 not-the-lab-password\n")
    code, detail = _detail(
        project, "-H", "R15", "-f", str(candidate), "--commit", "--yes", "--revert-in", "60"
    )
    assert code == 1, detail
    assert detail.startswith("post-check failed: fresh login: authentication failed"), detail
    assert detail.endswith("rolled back, unchanged"), detail
    assert not fleet.router("R15").revert_pending
    # The lab password works again: the router is exactly as it was.
    assert config_body(show_running(fleet, "R15")) == before
