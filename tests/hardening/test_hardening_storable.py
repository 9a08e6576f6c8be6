"""Hardening (issue 30), data the database refuses: a NUL from a router, bad records."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from netauto_testing import make_project
from sqlalchemy import select

from netauto.cli import cli
from netauto.db.engine import session_scope
from netauto.db.models import OperationLog
from netauto.db.records import OpRecord, RunRecord, to_json
from netauto.oplog.spool import Spool
from netauto.oplog.writer import OplogWriter


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


def test_a_nul_from_a_router_is_stored_escaped_and_the_run_closed(
    fleet: Any, oplog_url: str, tmp_path: Path
) -> None:
    project = make_project(tmp_path, oplog_url, fleet)
    fleet.set_fault("R15", nul="show version|show clock")
    for command in (("facts",), ("show", "show clock")):
        result = project.run(*command)
        assert result.exit_code == 0, result.output
        assert "operations log" not in result.stderr, result.stderr
    assert [run.status for run in project.runs()] == ["success", "success"]
    rows = project.operations()
    assert len(rows) == 4 and {row.status for row in rows} == {"success"}
    shown = next(row for row in rows if row.host == "R15" and row.operation_type == "show_command")
    assert shown.result["result"]["output"].endswith("\\x00")
    assert "\\x00" in str(project.devices()["R15"].metadata_)
    assert not (tmp_path / "spool.jsonl").exists() or not (tmp_path / "spool.jsonl").read_text()


def _line(record: OpRecord, **raw: Any) -> str:
    return json.dumps({**to_json(record), **raw}) + "\n"


def test_one_record_the_database_refuses_never_blocks_the_others(
    oplog_url: str, tmp_path: Path, config_for: Any
) -> None:
    """In ``ops replay``: the refused record is set aside, the others (an old spool line with
    a NUL among them) stored; one line, exit 1. In the writer: the same, and a warning."""
    good = [OpRecord(uuid.uuid4(), "show", "success", host=f"R{n}") for n in (15, 16)]
    nul = OpRecord(uuid.uuid4(), "show", "success", host="R17")
    refused = OpRecord(uuid.uuid4(), "show", "success", host="R18")
    spool = tmp_path / "spool.jsonl"
    spool.write_text(
        _line(good[0])
        + _line(refused, status=None)  # NOT NULL: both databases refuse it
        + _line(nul, result={"output": "a\u0000b"}, error_message="x\u0000")
        + _line(good[1])
    )
    config = config_for(oplog_url)
    result = CliRunner().invoke(cli, ["ops", "replay", "--config", str(config)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 2  # "Replayed 3 records ..." and the error line
    assert "1 record the database refused kept in" in result.output
    assert str(refused.id) in Path(f"{spool}.bad").read_text() and not spool.read_text()
    with session_scope(oplog_url) as session:
        stored = {row.host: row for row in session.scalars(select(OperationLog))}
        assert sorted(stored) == ["R15", "R16", "R17"]
        assert stored["R17"].result == {"output": "a\\x00b"}
        assert stored["R17"].error_message == "x\\x00"
    # The writer: a batch holding a refused record stores the rest and says so; a record
    # naming a run whose start is still in the spool (an outage) is not refused: stored after.
    writer = OplogWriter(oplog_url, tmp_path / "writer.jsonl").start()
    assert writer.flush(10)  # its first replay is done: the run below waits in the spool
    run = RunRecord(uuid.uuid4(), "show")
    Spool(tmp_path / "writer.jsonl").append([run])
    later = OpRecord(uuid.uuid4(), "show", "success", host="R19", run_id=run.id)
    bad = OpRecord(uuid.uuid4(), "show", "success", host="R20")
    bad.status = None  # type: ignore[assignment]
    for record in (later, bad):
        writer.put(record)
    writer.close()
    warnings, failure = writer.problems()
    assert failure is None and warnings == [
        f"1 record the database refused kept in {tmp_path / 'writer.jsonl.bad'}"
    ]
    with session_scope(oplog_url) as session:
        assert "R19" in {row.host for row in session.scalars(select(OperationLog))}
    assert Spool(tmp_path / "writer.jsonl").pending() == 0
