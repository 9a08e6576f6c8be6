"""`netauto ops|db|devices` through the real CLI group, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from netauto.cli import cli
from netauto.db import queries
from netauto.db.records import OpRecord, RunRecord
from netauto.oplog.spool import Spool

UNREACHABLE = "postgresql+psycopg://netauto:s3cret@127.0.0.1:1/netauto"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def cells(line: str) -> list[str]:
    """A table line's cells: columns are apart by two spaces or more, a date and time by one."""
    return re.split(r"\s{2,}", line.strip())


def assert_one_line_error(result: Result, code: int, text: str) -> None:
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Error: ") and text in lines[-1], result.output
    assert "Traceback" not in result.output


def test_list_prints_a_table(seeded_oplog, oplog_config: Path) -> None:
    result = run("ops", "list", "--config", oplog_config)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "time", "run", "runbook", "host", "type", "status", "ms", "changed", "user", "error"
    ]  # fmt: skip
    r17 = cells(lines[1])
    assert r17[1:10] == [
        seeded_oplog.backup_run.hex[:8], "backup", "R17", "config_backup", "failed", "10000", "no",
        "alice", "connect timeout after 10s",
    ]  # fmt: skip
    assert [cells(line)[3] for line in lines[1:7]] == ["R17", "R16", "R15", "R18", "R16", "R15"]
    assert cells(lines[4])[1:3] == ["-", "-"]
    assert lines[-1] == "6 operations, 1 failed."
    assert all(line == line.rstrip() for line in lines)


def test_list_json_is_json_only(seeded_oplog, oplog_config: Path) -> None:
    result = run(
        "ops", "list", "--config", oplog_config, "--json", "-H", "R15,R16", "-t", "get_facts"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [row["host"] for row in data] == ["R16", "R15"]
    assert data[1]["id"] == str(seeded_oplog.facts_ops["R15"])
    assert data[1]["run_id"] == str(seeded_oplog.facts_run)
    assert datetime.fromisoformat(data[1]["created_at"]).tzinfo is not None
    assert (data[1]["runbook"], data[1]["username"], data[1]["execution_time_ms"]) == (
        "facts",
        "bob",
        100,
    )


def test_list_time_window_status_run_and_limit(seeded_oplog, oplog_config: Path) -> None:
    def listed(*args: str) -> list[str]:
        result = run("ops", "list", "--config", oplog_config, "--json", *args)
        assert result.exit_code == 0, result.output
        return [row["id"] for row in json.loads(result.output)]

    backup = [str(seeded_oplog.backup_ops[host]) for host in ("R17", "R16", "R15")]
    assert listed("--since", "1h") == backup
    assert listed("--since", "5h", "--until", "1h") == [str(seeded_oplog.loose_op)]
    assert listed("--status", "failed") == backup[:1]
    assert listed("--run", seeded_oplog.backup_run.hex[:6]) == backup
    assert listed("-n", "2") == backup[:2]
    assert len(listed("-n", "0")) == 6
    since = datetime.now(UTC).isoformat()
    assert listed("--since", since) == []


def test_list_says_when_the_limit_cut_it(seeded_oplog, oplog_config: Path) -> None:
    result = run("ops", "list", "--config", oplog_config, "--limit", "2")
    assert result.output.splitlines()[-1] == "2 operations, 1 failed (limit 2; -n 0 for all)."
    result = run("ops", "list", "--config", oplog_config, "--host", "R99")
    assert result.output == "No operations match.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "yesterday"), "--since 'yesterday': expected an age"),
        (("--until", "1y"), "--until '1y'"),
        (("--since", "1h", "--until", "2h"), "is not before --until"),
        (("--run", "ab"), "too short"),
        (("--run", "ffff"), "no run matches"),
    ],
)
def test_list_bad_input_exits_2(oplog_config: Path, args: tuple[str, ...], message: str) -> None:
    assert_one_line_error(run("ops", "list", "--config", oplog_config, *args), 2, message)


def test_show_run(seeded_oplog, oplog_config: Path) -> None:
    run_id = seeded_oplog.backup_run
    result = run("ops", "show", run_id.hex[:8], "--config", oplog_config)
    assert result.exit_code == 0, result.output
    assert f"run        {run_id}" in result.output
    assert "status     failed: 3 hosts, 2 ok, 1 failed, 1 changed" in result.output
    assert 'arguments  {"hosts": ["R15", "R16", "R17"]}' in result.output
    table = result.output.split("\n\n", 1)[1].splitlines()
    assert table[0].split() == [
        "time", "operation", "host", "type", "status", "ms", "changed", "error"
    ]  # fmt: skip
    assert [cells(line)[2] for line in table[1:]] == ["R15", "R16", "R17"]

    data = json.loads(run("ops", "show", str(run_id), "--config", oplog_config, "--json").output)
    assert data["kind"] == "run" and data["run"]["id"] == str(run_id)
    assert [op["host"] for op in data["operations"]] == ["R15", "R16", "R17"]
    assert data["operations"][0]["diff"] == "+ntp server 192.0.2.10"


def test_show_operation(seeded_oplog, oplog_config: Path) -> None:
    op_id = seeded_oplog.backup_ops["R15"]
    result = run("ops", "show", op_id.hex[:8], "--config", oplog_config)
    assert result.exit_code == 0, result.output
    assert f"operation  {op_id}" in result.output
    assert f"run        {seeded_oplog.backup_run} (backup)" in result.output
    assert "time ms    200" in result.output
    assert result.output.endswith("diff:\n+ntp server 192.0.2.10\n")
    assert '"lines": 84' in result.output

    data = json.loads(run("ops", "show", str(op_id), "--config", oplog_config, "--json").output)
    assert data["kind"] == "operation" and data["id"] == str(op_id)
    assert data["result"] == {"result": {"lines": 84}, "subtasks": []}


def test_show_unknown_id_exits_2(seeded_oplog, oplog_config: Path) -> None:
    assert_one_line_error(
        run("ops", "show", "0000ffff", "--config", oplog_config), 2, "no run or operation matches"
    )
    assert_one_line_error(run("ops", "show", "R15", "--config", oplog_config), 2, "not a run")


def test_stats(seeded_oplog, oplog_config: Path) -> None:
    result = run("ops", "stats", "--config", oplog_config, "--days", "7")
    assert result.exit_code == 0, result.output
    day_table, host_table = result.output.split("\n\n")
    assert day_table.splitlines()[0].split() == [
        "day",
        "type",
        "total",
        "success",
        "failed",
        "rate",
    ]
    assert host_table.splitlines()[1].split() == ["R17", "1", "10000", "10000"]
    assert host_table.splitlines()[-1].endswith("success rate 80.0%.")

    data = json.loads(run("ops", "stats", "--config", oplog_config, "--json", "--top", "2").output)
    assert (data["total"], data["success"], data["failed"]) == (6, 4, 1)
    assert data["success_rate"] == pytest.approx(0.8)
    assert [host["host"] for host in data["slowest"]] == ["R17", "R16"]
    assert {"day", "operation_type", "total", "success", "failed"} == set(data["per_day"][0])


def test_stats_of_an_empty_log(oplog_config: Path) -> None:
    result = run("ops", "stats", "--config", oplog_config, "--days", "3")
    assert result.output == "No operations in the last 3 days.\n"


def _spool(path: Path) -> list[uuid.UUID]:
    run_id = uuid.uuid4()
    ops = [uuid.uuid4(), uuid.uuid4()]
    Spool(path).append(
        [
            RunRecord(run_id, "backup", "carol", hosts_total=2, status="running"),
            *(OpRecord(op, "config_backup", "success", host="R15", run_id=run_id) for op in ops),
            RunRecord(run_id, "backup", "carol", hosts_total=2, hosts_ok=2, status="success"),
        ]
    )
    return ops


def test_replay_stores_the_spool_once(oplog_url: str, oplog_config: Path, tmp_path: Path) -> None:
    spool = tmp_path / "spool.jsonl"
    ops = _spool(spool)
    result = run("ops", "replay", "--config", oplog_config)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Replayed 4 records into ")
    assert result.output.endswith("; 0 pending.\n")
    assert Spool(spool).pending() == 0
    stored = queries.list_operations(oplog_url)
    assert sorted(row.id for row in stored) == sorted(ops)
    assert {row.runbook for row in stored} == {"backup"}
    again = run("ops", "replay", "--config", oplog_config)
    assert again.output == f"Nothing to replay: {spool} is empty.\n"
    assert len(queries.list_operations(oplog_url)) == 2


def test_replay_keeps_the_spool_when_the_database_is_down(tmp_path: Path, config_for) -> None:
    config = config_for(UNREACHABLE)
    _spool(tmp_path / "spool.jsonl")
    result = run("ops", "replay", "--config", config)
    assert_one_line_error(result, 1, "4 records still pending in")
    assert "Replayed 0 records into postgresql+psycopg://netauto:***@127.0.0.1:1/netauto" in (
        result.output
    )
    assert "s3cret" not in result.output
    assert Spool(tmp_path / "spool.jsonl").pending() == 4
