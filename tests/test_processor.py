"""The operations-log processor under Nornir's threaded runner, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from netauto_testing import many_hosts, write_project
from nornir.core.task import Result, Task
from sqlalchemy import func, select

from netauto.db.engine import session_scope
from netauto.db.models import NetworkDevice, OperationLog, Run, User
from netauto.runner import init_nornir
from netauto.runner.oplog import oplog_processor


def noop(task: Task, fail_on: frozenset[str] = frozenset()) -> Result:
    if task.host.name in fail_on:
        raise ConnectionResetError(f"{task.host.name} dropped the connection")
    return Result(host=task.host, result={"hostname": task.host.name}, changed=True, diff="+x")


noop.operation_type = "noop_check"  # type: ignore[attr-defined]


def test_fifty_workers_thousand_results_exactly_thousand_rows(
    tmp_path: Path, database_url: str
) -> None:
    config = write_project(tmp_path, database_url, hosts=many_hosts(1000))
    nr = init_nornir(config, user="alice", num_workers=50)
    processor = oplog_processor(nr)
    assert processor is not None
    failing = frozenset({"R7", "R700"})
    with processor.run("noop-runbook", {"workers": 50}) as run:
        result = nr.run(task=noop, fail_on=failing)
    processor.writer.close()
    assert set(result.failed_hosts) == failing
    with session_scope(database_url) as session:
        rows = session.scalars(select(OperationLog)).all()
        assert len(rows) == 1000
        assert len({row.id for row in rows}) == 1000
        assert {row.run_id for row in rows} == {run.id}
        assert sum(row.status == "failed" for row in rows) == 2
        assert sum(row.status == "success" for row in rows) == 998
        failed = session.scalars(select(OperationLog).where(OperationLog.host == "R7")).one()
        assert failed.error_message == "R7 dropped the connection"
        ok = session.scalars(select(OperationLog).where(OperationLog.host == "R15")).one()
        assert ok.operation_type == "noop_check"
        assert ok.changed is True and ok.diff == "+x"
        assert ok.result["result"] == {"hostname": "R15"}
        assert ok.execution_time_ms is not None and ok.execution_time_ms >= 0
        assert ok.device_id is not None
        user = session.scalars(select(User).where(User.username == "alice")).one()
        assert ok.user_id == user.id
        stored_run = session.get(Run, run.id)
        assert stored_run is not None
        assert (stored_run.hosts_total, stored_run.hosts_ok, stored_run.hosts_failed) == (
            1000,
            998,
            2,
        )
        assert stored_run.status == "failed" and stored_run.finished_at is not None
        assert session.scalar(select(func.count()).select_from(NetworkDevice)) == 1000


def test_rows_are_running_while_in_flight(tmp_path: Path, sqlite_url: str) -> None:
    config = write_project(tmp_path, sqlite_url, hosts=many_hosts(1))
    nr = init_nornir(config, user="bob")
    processor = oplog_processor(nr)
    assert processor is not None
    seen: list[str] = []

    def look(task: Task) -> Result:
        processor.writer.flush(10)
        with session_scope(sqlite_url) as session:
            seen.extend(session.scalars(select(OperationLog.status)).all())
        return Result(host=task.host, result="done")

    nr.run(task=look)
    processor.writer.close()
    assert seen == ["running"]
    with session_scope(sqlite_url) as session:
        assert session.scalars(select(OperationLog.status)).all() == ["success"]


def test_secrets_are_masked_in_the_log(tmp_path: Path, sqlite_url: str) -> None:
    config = write_project(tmp_path, sqlite_url, hosts=many_hosts(1))
    nr = init_nornir(config)

    def show(task: Task) -> Result:
        text = "hostname R0\nenable secret 9 $9$topsecret\nsnmp-server community hush RO\n"
        return Result(host=task.host, result=text, diff="+username a secret 0 pw123")

    nr.run(task=show)
    processor = oplog_processor(nr)
    assert processor is not None
    processor.writer.close()
    with session_scope(sqlite_url) as session:
        row = session.scalars(select(OperationLog)).one()
    stored = f"{row.result} {row.diff}"
    assert "topsecret" not in stored and "hush" not in stored and "pw123" not in stored
    assert "<removed>" in stored and "hostname R0" in stored


def test_implicit_run_per_nornir_run(tmp_path: Path, sqlite_url: str) -> None:
    config = write_project(tmp_path, sqlite_url, hosts=many_hosts(3))
    nr = init_nornir(config)
    nr.run(task=noop)
    nr.run(task=noop)
    processor = oplog_processor(nr)
    assert processor is not None
    processor.writer.close()
    with session_scope(sqlite_url) as session:
        runs = session.scalars(select(Run)).all()
        assert [run.runbook for run in runs] == ["noop", "noop"]
        assert all(run.hosts_total == 3 and run.status == "success" for run in runs)
