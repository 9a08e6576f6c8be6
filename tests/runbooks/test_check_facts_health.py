"""check, facts and health against the simulated fleet, over real SSH, into a real database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from netauto_testing import Project, make_project

ALL = [f"R{n}" for n in range(15, 26)]


def test_check_all_online_recorded(tmp_path: Path, database_url: str, fleet: Any) -> None:
    project = make_project(tmp_path, database_url, fleet)
    result = project.run("check")
    assert result.exit_code == 0, result.output
    assert "11 online, 0 offline." in result.output
    operations = project.operations()
    assert [op.host for op in operations] == ALL
    assert {op.operation_type for op in operations} == {"reachability_check"}
    assert {op.status for op in operations} == {"success"}
    assert all(op.execution_time_ms is not None for op in operations)
    runs = project.runs()
    assert len(runs) == 1 and runs[0].runbook == "check" and runs[0].hosts_ok == 11
    assert {op.run_id for op in operations} == {runs[0].id}
    devices = project.devices()
    assert {devices[name].status for name in ALL} == {"online"}
    assert all(devices[name].last_seen is not None for name in ALL)


def test_check_json_has_response_times(project: Project) -> None:
    result = project.run("check", "-H", "R15,R16", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["host"] for row in rows] == ["R15", "R16"]
    assert all(row["status"] == "online" and row["response_ms"] > 0 for row in rows)


def test_check_router_down_is_offline(project: Project) -> None:
    project.fleet.set_fault("R20", down=True)
    result = project.run("check")
    assert result.exit_code == 1
    assert "10 online, 1 offline." in result.output
    assert "connection refused (2 tries)" in result.output
    devices = project.devices()
    assert devices["R20"].status == "offline"
    assert devices["R21"].status == "online"


def test_facts_json_updates_devices(tmp_path: Path, database_url: str, fleet: Any) -> None:
    project = make_project(tmp_path, database_url, fleet)
    result = project.run("facts", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["host"]: row for row in json.loads(result.output)}
    assert sorted(rows) == ALL
    r15 = rows["R15"]
    assert r15["facts"]["hostname"] == "R15"
    assert r15["interfaces"] and r15["interfaces_ip"]
    device = project.devices()["R15"]
    assert device.model == r15["facts"]["model"] and device.model != "unknown"
    assert device.uptime_seconds == int(r15["facts"]["uptime"]) > 0
    assert device.metadata_ is not None
    assert device.metadata_["serial"] == r15["facts"]["serial_number"]
    assert device.metadata_["interface_count"] == len(r15["facts"]["interface_list"])
    assert {op.operation_type for op in project.operations()} == {"facts"}


def test_facts_getter_option(project: Project) -> None:
    result = project.run("facts", "-H", "R17", "--getter", "environment", "--json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    assert set(row) >= {"environment"} and "facts" not in row
    assert row["environment"]["cpu"] and row["environment"]["memory"]
    bad = project.run("facts", "--getter", "nonsense")
    assert bad.exit_code == 2 and "unknown getter 'nonsense'" in bad.output


def test_facts_table(project: Project) -> None:
    result = project.run("facts", "-g", "routers")
    assert result.exit_code == 0, result.output
    assert "R25" in result.output and "interfaces" in result.output
    assert "11 ok, 0 failed." in result.output


def test_health_states_and_reasons(tmp_path: Path, fleet: Any, sqlite_url: str) -> None:
    # A CPU threshold of 0% turns every reachable router into a warning, with the figure.
    project = make_project(tmp_path, sqlite_url, fleet, health={"cpu_percent": 0})
    project.fleet.set_fault("R22", down=True)
    result = project.run("health", "--json")
    assert result.exit_code == 1
    rows = {row["host"]: row for row in json.loads(result.output)}
    assert rows["R22"]["status"] == "offline"
    assert "connection refused" in rows["R22"]["detail"]
    assert rows["R15"]["status"] == "warning"
    assert any(reason.startswith("cpu ") for reason in rows["R15"]["reasons"])
    assert rows["R15"]["memory_percent"] is not None
    devices = project.devices()
    assert devices["R22"].status == "offline"
    assert devices["R15"].status == "warning"
    assert len(project.operations()) == 11 and len(project.runs()) == 1


def test_health_online_table(project: Project) -> None:
    result = project.run("health", "-H", "R15,R16")
    assert result.exit_code == 0, result.output
    assert "state" in result.output and "reasons" in result.output
    assert "2 online, 0 warning, 0 offline." in result.output
