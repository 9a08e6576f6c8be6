"""Hardening, a dead run's revert timer: the run that takes over its routers settles it first.

A real ``netauto deploy --commit --revert-in 60`` killed with -9 during its post-checks leaves
its change on the router under a pending revert timer. The next run that takes its lock over
reverts that unconfirmed change before it plans (and says so): it then plans against the
config the router will keep, commits for real, and no timer fires behind anyone's back.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import DEPLOY, Project, config_body

NETAUTO = str(Path(sys.executable).parent / "netauto")
LINE = "ntp server 192.0.2.77"


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


def _in_post_checks(project: Project) -> bool:
    view = project.fleet.router("R15")
    return view.revert_pending and LINE in view.running_config


def test_kill_9_in_post_checks_the_next_run_reverts_the_pending_timer_first(
    project: Project, tmp_path: Path
) -> None:
    fleet = project.fleet
    before = config_body(fleet.router("R15").running_config)
    candidate = tmp_path / "ntp.cfg"
    candidate.write_text(f"{LINE}\n")
    fleet.set_fault("R15", latency=0.1)  # post-checks slow enough to be caught in
    args = ["-H", "R15", "-f", str(candidate), "--commit", "-y", "--revert-in", "60"]
    child = subprocess.Popen(
        [NETAUTO, "deploy", "--config", str(project.config), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not _in_post_checks(project):
            assert time.monotonic() < deadline and child.poll() is None, "no post-checks seen"
            time.sleep(0.02)
    finally:
        child.kill()
        child.wait(timeout=30)
    fleet.clear_faults("R15")
    assert child.returncode == -signal.SIGKILL
    assert fleet.router("R15").revert_pending  # the dead run's timer, still armed

    result = project.run("deploy", "-H", "R15", "-f", str(candidate), "--commit", "-y", "--json")
    assert result.exit_code == 0, result.output
    assert "took over the change lock" in result.stderr
    assert "R15: reverted the unconfirmed change of a dead run" in result.stderr
    (row,) = json.loads(result.stdout)
    assert row["status"] == "committed", row  # planned against the reverted config
    view = fleet.router("R15")
    assert not view.revert_pending  # nothing reverts it later
    assert set(config_body(view.running_config)) - set(before) == {LINE}
    assert "file prompt quiet" not in view.running_config
