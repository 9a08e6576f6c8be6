"""The database goes away mid-run: results are spooled, then replayed; 0 lost, 0 doubled."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
from netauto_testing import PG_SERVER, many_hosts, write_project
from nornir.core.task import Result, Task
from sqlalchemy import func, select

from netauto.db.engine import dispose_engines, session_scope
from netauto.db.models import OperationLog, Run
from netauto.db.oplog_store import Store
from netauto.oplog.spool import Spool
from netauto.oplog.writer import OplogWriter
from netauto.runner import init_nornir
from netauto.runner.oplog import oplog_processor


def _admin(sql: str) -> None:
    dsn = PG_SERVER.replace("postgresql+psycopg://", "postgresql://") + "/test"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


def _set_reachable(database: str, reachable: bool) -> None:
    _admin(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(reachable).lower()}')
    if not reachable:
        _admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND pid <> pg_backend_pid()"
        )


def _count(url: str) -> tuple[int, int, int]:
    with session_scope(url) as session:
        total = session.scalar(select(func.count()).select_from(OperationLog)) or 0
        distinct = session.scalar(select(func.count(func.distinct(OperationLog.id)))) or 0
        running = (
            session.scalar(
                select(func.count())
                .select_from(OperationLog)
                .where(OperationLog.status == "running")
            )
            or 0
        )
    return total, distinct, running


def test_database_goes_away_mid_run(tmp_path: Path, postgres_url: str) -> None:
    database = postgres_url.rsplit("/", 1)[1]
    config = write_project(tmp_path, postgres_url, hosts=many_hosts(1000))
    nr = init_nornir(config, user="carol", num_workers=20)
    processor = oplog_processor(nr)
    assert processor is not None
    spool = processor.writer.spool
    went_away = threading.Event()

    def work(task: Task) -> Result:
        number = int(task.host.name[1:])
        if number == 400:
            processor.writer.flush(30)  # the first hundreds are stored by now
            _set_reachable(database, False)
            went_away.set()
        elif number > 400:
            went_away.wait(30)
        return Result(host=task.host, result=number, failed=number % 100 == 0)

    with processor.run("outage"):
        result = nr.run(task=work)
    processor.writer.close()
    assert len(result) == 1000
    assert processor.writer.stored > 0 and processor.writer.spooled > 0
    pending = spool.pending()
    assert pending > 0

    _set_reachable(database, True)
    dispose_engines()
    stored_before, _, _ = _count(postgres_url)
    assert stored_before < 1000

    # The next run's writer replays the spool before anything else.
    settings_spool = Spool(spool.path)
    writer = OplogWriter(postgres_url, spool.path).start()
    writer.close()
    assert writer.replayed == pending
    assert settings_spool.pending() == 0
    assert _count(postgres_url) == (1000, 1000, 0)
    with session_scope(postgres_url) as session:
        run = session.scalars(select(Run)).one()
        assert (run.hosts_total, run.hosts_failed, run.status) == (1000, 10, "failed")


def test_replay_is_idempotent(tmp_path: Path, sqlite_url: str) -> None:
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:1/none"
    config = write_project(tmp_path, unreachable, hosts=many_hosts(50))
    nr = init_nornir(config)

    def work(task: Task) -> Result:
        return Result(host=task.host, result="ok")

    nr.run(task=work)
    processor = oplog_processor(nr)
    assert processor is not None
    processor.writer.close()
    spool = processor.writer.spool
    assert processor.writer.stored == 0
    assert spool.pending() >= 50

    from netauto.db.migrate import upgrade

    upgrade(sqlite_url)
    # A crash between storing and emptying the spool stores the same records again.
    records: list[object] = []
    spool.replay(lambda batch: records.extend(batch))
    spool.append(records)  # type: ignore[arg-type]
    with Store(sqlite_url) as store:
        store.store(records)  # type: ignore[arg-type]
    writer = OplogWriter(sqlite_url, spool.path)
    assert writer.replay() == len(records)
    writer.close()
    assert _count(sqlite_url) == (50, 50, 0)
