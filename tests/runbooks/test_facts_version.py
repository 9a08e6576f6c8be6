"""The IOS version facts show, for both lab images: 15.7(3)M8 and IOS XE 17.9.4a."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import make_project


@pytest.fixture(scope="module")
def fleet() -> Iterator[Any]:
    from netauto.lab.fleet import start_fleet

    with start_fleet(count=2, models="R16=ISR4331") as running:
        yield running


def test_facts_table_shows_the_version(tmp_path: Path, sqlite_url: str, fleet: Any) -> None:
    project = make_project(tmp_path, sqlite_url, fleet)
    result = project.run("facts", "--getter", "facts")
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line[:1] == "R"}
    assert "IOS 15.7(3)M8 |" in lines["R15"], result.output
    assert "IOS XE 17.9.4a |" in lines["R16"], result.output
    assert "RELEASE SOFTWARE" not in result.output and "(fc" not in result.output


def test_facts_data_has_the_version_and_napalms_text(
    tmp_path: Path, sqlite_url: str, fleet: Any
) -> None:
    project = make_project(tmp_path, sqlite_url, fleet)
    result = project.run("facts", "--getter", "facts", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["host"]: row["facts"] for row in json.loads(result.output)}
    assert rows["R15"]["os_version"] == "15.7(3)M8"
    assert rows["R16"]["os_version"] == "17.9.4a"
    # NAPALM's own text stays in the data (and in the operations log).
    assert rows["R15"]["os_version_raw"] == (
        "C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M8, RELEASE SOFTWARE (fc2)"
    )
    assert "Version 17.9.4a, RELEASE SOFTWARE (fc3)" in rows["R16"]["os_version_raw"]
    stored = {op.host: op.result["result"]["facts"] for op in project.operations()}
    assert stored["R15"]["os_version_raw"] == rows["R15"]["os_version_raw"]
    devices = project.devices()
    assert devices["R15"].metadata_["os_version"] == "15.7(3)M8"
    assert devices["R16"].metadata_["os_version"] == "17.9.4a"


def test_version_of_napalms_text() -> None:
    from netauto.ios_version import ios_version, software

    assert ios_version("C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M8, RELEASE") == (
        "15.7(3)M8"
    )
    assert ios_version("Unknown") is None
    assert software("15.7(3)M8") == "IOS 15.7(3)M8"
    assert software("17.9.4a") == "IOS XE 17.9.4a"
    assert software("16.12.4") == "IOS XE 16.12.4"
    assert software(None) == "IOS ?"
