"""Hardening, replay never goes back in time; no run is left ``running`` by a dead process."""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from netauto.cli import cli
from netauto.db.engine import session_scope
from netauto.db.models import NetworkDevice, OperationLog, Run
from netauto.db.oplog_store import store_records
from netauto.db.records import DeviceRecord, OpRecord, RunRecord
from netauto.oplog.spool import Spool
from netauto.oplog.writer import OplogWriter


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _rows(url: str) -> tuple[dict[uuid.UUID, OperationLog], dict[uuid.UUID, Run]]:
    with session_scope(url) as session:
        ops = {row.id: row for row in session.scalars(select(OperationLog))}
        runs = {row.id: row for row in session.scalars(select(Run))}
        session.expunge_all()
    return ops, runs


def test_replayed_running_records_never_overwrite_finished_rows(
    oplog_url: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    run = RunRecord(uuid.uuid4(), "facts", "carol", started_at=now - timedelta(seconds=5))
    started = OpRecord(uuid.uuid4(), "facts", "running", host="R15", run_id=run.id)
    # The outage: the "running" records went to the spool, the final ones to the database.
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append([run, started])
    done = dataclasses.replace(started, status="success", finished_at=now, execution_time_ms=9)
    final = dataclasses.replace(run, finished_at=now, hosts_total=1, hosts_ok=1, status="success")
    store_records(oplog_url, [final, done])
    writer = OplogWriter(oplog_url, spool.path)
    assert writer.replay() == 2
    writer.close()
    ops, runs = _rows(oplog_url)
    assert ops[started.id].status == "success" and ops[started.id].execution_time_ms == 9
    assert (runs[run.id].status, runs[run.id].hosts_ok) == ("success", 1)
    # Later news still lands: a finished record replaces an earlier finished one.
    store_records(oplog_url, [dataclasses.replace(done, status="failed", error_message="late")])
    assert _rows(oplog_url)[0][started.id].status == "failed"


def test_replayed_device_state_never_overwrites_newer(oplog_url: str) -> None:
    from netauto.db.devices import sync_inventory

    sync_inventory(oplog_url, [("R15", "127.0.0.15", "ios")])
    now = datetime.now(UTC)
    store_records(oplog_url, [DeviceRecord("R15", {"status": "offline", "last_seen": now})])
    old = {"status": "online", "model": "old", "last_seen": now - timedelta(hours=1)}
    store_records(oplog_url, [DeviceRecord("R15", old)])
    with session_scope(oplog_url) as session:
        device = session.scalars(select(NetworkDevice)).one()
        assert (device.status, device.model) == ("offline", "unknown")


def test_runs_of_dead_processes_are_closed_on_the_next_start(
    oplog_url: str, tmp_path: Path
) -> None:
    here = socket.gethostname()
    dead = RunRecord(uuid.uuid4(), "deploy", owner_pid=_dead_pid(), owner_host=here)
    alive = RunRecord(uuid.uuid4(), "backup", owner_pid=os.getpid(), owner_host=here)
    row = OpRecord(uuid.uuid4(), "config_deploy", "running", host="R15", run_id=dead.id)
    ok = OpRecord(uuid.uuid4(), "config_deploy", "success", host="R16", run_id=dead.id)
    store_records(oplog_url, [dead, alive, row, ok])
    writer = OplogWriter(oplog_url, tmp_path / "spool.jsonl").start()
    writer.close()
    assert [run.id for run in writer.closed_stale] == [dead.id]
    ops, runs = _rows(oplog_url)
    assert runs[dead.id].status == "failed"
    assert f"its process {dead.owner_pid} on {here} is gone" in (runs[dead.id].error_message or "")
    assert (runs[dead.id].hosts_total, runs[dead.id].hosts_failed) == (2, 1)
    assert ops[row.id].status == "failed" and "is gone" in (ops[row.id].error_message or "")
    assert ops[ok.id].status == "success"
    assert runs[alive.id].status == "running"  # its process lives: left alone


def test_close_stale_command_closes_old_runs_of_other_machines(
    oplog_url: str, oplog_config: Path
) -> None:
    old = datetime.now(UTC) - timedelta(hours=3)
    other = RunRecord(uuid.uuid4(), "facts", started_at=old, owner_pid=1, owner_host="elsewhere")
    recent = RunRecord(uuid.uuid4(), "facts", owner_pid=1, owner_host="elsewhere")
    store_records(oplog_url, [other, recent])
    result = CliRunner().invoke(
        cli, ["ops", "close-stale", "--older-than", "2h", "--config", str(oplog_config)]
    )
    assert result.exit_code == 0, result.output
    assert "1 stale run closed." in result.output
    runs = _rows(oplog_url)[1]
    assert runs[other.id].status == "failed" and runs[recent.id].status == "running"
    assert "owner: process 1 on elsewhere" in (runs[other.id].error_message or "")
