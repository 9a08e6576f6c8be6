"""Hardening, config text as users write it: a BOM, banners, a very large candidate.

Real ``netauto deploy`` against the lab fleet: a file saved by a Windows editor starts with a
UTF-8 BOM, which never reaches the router; a ``banner motd`` with any delimiter IOS accepts
commits and passes its post-checks; a candidate too large for the command timeout fails
quoting the timeout that was really in force.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import DEPLOY, Project, make_project


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


def _deploy(project: Project, path: Path, *args: str) -> Any:
    return project.run("deploy", "-H", "R15", "-f", str(path), "--json", *args)


def test_a_file_with_a_bom_and_banners_commits_as_written(project: Project, tmp_path: Path) -> None:
    """Saved by a Windows editor (a BOM first), banners with any delimiter IOS accepts: the
    BOM never reaches the router, the banners' text lines are no config lines to verify."""
    path = tmp_path / "written.cfg"
    text = (
        "banner motd #\nAuthorised access only.\nDisconnect now.\n#\n"
        "banner login %\nLogin line one\n%\n"
        "banner exec ^C\nExec banner\n^C\n"
        "ntp server 192.0.2.92\n"
    )
    path.write_bytes(("\ufeff" + text).encode())
    result = _deploy(project, path, "--commit", "-y")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["status"] == "committed", row
    assert "\ufeff" not in row["diff"] and "+ntp server 192.0.2.92" in row["diff"]
    running = project.fleet.router("R15").running_config
    assert "\ufeff" not in running
    for line in ("Disconnect now.", "Login line one", "Exec banner", "ntp server 192.0.2.92"):
        assert line in running


def test_a_slow_compare_waits_the_command_timeout_it_quotes(
    fleet: Any, sqlite_url: str, tmp_path: Path
) -> None:
    """A candidate the router takes longer than the command timeout to diff (the lab's
    ``slow`` fault: 6 s, on any machine): the run waits that timeout (not netmiko's own 10 s,
    which let the diff finish) and quotes it."""
    timeouts = {"connect_timeout": 5, "command_timeout": 2, "retries": 0}
    project = make_project(tmp_path, sqlite_url, fleet, **{**DEPLOY, "timeouts": timeouts})
    path = tmp_path / "acl.cfg"
    path.write_text(
        "ip access-list extended SLOW\n"
        + "".join(f" permit ip host 10.0.{i}.1 any\n" for i in range(250))
    )
    fleet.set_fault("R15", slow=r"^show archive config (incremental-diffs|differences)")
    try:
        result = _deploy(project, path)
    finally:
        fleet.set_fault("R15", slow=None)
    assert result.exit_code == 1, result.output[-300:]
    (row,) = json.loads(result.stdout)
    # A longer phase is quoted with its real total ("(3s in all)"). Before, netmiko's own 10 s
    # applied whatever the timeout said: the diff came after 6 s and the run went on.
    found = re.fullmatch(
        r"no answer after 2s during load and compare(?: \((\d+)s in all\))?", row["detail"]
    )
    assert found is not None and int(found.group(1) or 2) < 8, row["detail"]
