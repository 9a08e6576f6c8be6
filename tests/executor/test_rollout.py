"""Rollout strategies: waves and thresholds, and --max-fail on the lab (threaded executor)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from netauto_testing import DEPLOY, NTP, changed_lines, make_project, write_project

from netauto.cli import cli
from netauto.engine.rollout import Rollout
from netauto.exceptions import UsageError

ALL = [f"R{n}" for n in range(15, 26)]


def test_waves_canary_then_batches() -> None:
    rollout = Rollout.of(canary=1, batch="4")
    assert rollout is not None
    assert rollout.waves(ALL) == [["R15"], ALL[1:5], ALL[5:9], ALL[9:]]
    percent = Rollout.of(batch="20%")
    assert percent is not None and [len(w) for w in percent.waves(ALL)] == [3, 3, 3, 2]
    only_canary = Rollout.of(canary=2)
    assert only_canary is not None and only_canary.waves(ALL) == [ALL[:2], ALL[2:]]
    assert Rollout.of() is None


def test_stop_reasons() -> None:
    rollout = Rollout.of(canary=1, batch="2", max_fail="10%")
    assert rollout is not None
    assert rollout.stop_reason(1, ["R15"], 1, 11) == "canary failed (R15)"
    assert rollout.stop_reason(2, [], 1, 11) is None  # 9% is not over 10%
    assert rollout.stop_reason(3, ["R19"], 2, 11) == (
        "2 of 11 routers failed (18%), over max_fail 10%"
    )
    strict = Rollout.of(max_fail="0")
    assert strict is not None and strict.stop_reason(1, ["R15"], 1, 11) is not None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"canary": 0}, "^canary must be 1 or more"),
        ({"batch": "x"}, "^batch expects N or P%"),
        ({"batch": "0%"}, "^batch must be more than 0%"),
        ({"max_fail": "150%"}, "^max_fail must be 0-100%"),
    ],
)
def test_bad_options(options: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        Rollout.of(**options)


def test_rollout_options_need_commit(tmp_path: Path, sqlite_url: str) -> None:
    config = write_project(tmp_path, sqlite_url)
    result = CliRunner().invoke(
        cli, ["deploy", "--config", str(config), "-t", "ios/ntp.j2", "--canary", "1"]
    )
    assert result.exit_code == 2
    assert "Error: --canary, --batch and --max-fail need --commit" in result.output


def test_max_fail_stops_at_the_threshold_and_leaves_the_rest_untouched(
    tmp_path: Path, sqlite_url: str, fleet: Any
) -> None:
    bad = {name: {"ntp_servers": [NTP[0], "192.0.2.300"]} for name in ("R17", "R18")}
    project = make_project(tmp_path, sqlite_url, fleet, data=bad, **DEPLOY)
    before = {name: fleet.router(name).running_config for name in fleet.names}
    result = project.run(
        "deploy", "-t", "ios/ntp.j2", "--commit", "--yes", "--batch", "2", "--max-fail", "10%"
    )
    assert result.exit_code == 1, result.output
    assert "2 committed, 2 rolled back, 7 not committed." in result.output
    assert "stopped: 2 of 11 routers failed (18%), over max_fail 10%" in result.output
    for name in ("R15", "R16"):
        assert NTP[1] in fleet.router(name).running_config
    for name in ("R17", "R18"):  # rolled back to exactly what they ran
        assert changed_lines(before[name], fleet.router(name).running_config) == set()
    for name in ALL[4:]:
        assert fleet.router(name).running_config == before[name]  # never touched
    rows = project.operations("config_commit")
    assert sorted(row.host or "" for row in rows) == ["R15", "R16", "R17", "R18"]
    [rollout] = project.operations("rollout")
    assert rollout.status == "failed"
    assert rollout.result["waves"] == [["R15", "R16"], ["R17", "R18"]]
    assert rollout.result["changed"] == ["R15", "R16"]
    assert rollout.result["failed"] == ["R17", "R18"]
    assert rollout.result["untouched"] == ALL[4:]
