"""Database fixtures: a migrated operations log on SQLite and on the real PostgreSQL server.

Load as a plugin (``pytest_plugins = ["fixtures_db"]`` in tests/conftest.py, or ``-p fixtures_db``
with tests/ on the path). Fixtures:

- ``pg_database_url``: one throwaway database for the test session from conftest's
  ``postgres_server`` (which skips without the server, and fails when ``CI=true``), migrated.
- ``oplog_url``: parametrized ``sqlite``/``postgresql``; an empty, migrated operations log.
- ``seeded_oplog``: ``oplog_url`` holding two runs and their operations, written through the
  real writer path (``Store``); returns a ``Seeded`` with the ids and the url.
- ``config_for``: a factory writing config.yaml in tmp_path for a database URL, spool beside.
- ``oplog_config``: that config.yaml for ``oplog_url``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import inspect, text

from netauto.db import migrate
from netauto.db.engine import get_engine
from netauto.db.oplog_store import Store
from netauto.db.records import OpRecord, RunRecord

ENV = ("NETAUTO_DATABASE_URL", "NETAUTO_SPOOL_FILE", "NETAUTO_CONFIG", "NETAUTO_USER")


@pytest.fixture(scope="session")
def pg_database_url(postgres_server: Callable[[], str]) -> str:
    """One migrated database for the session, from conftest's ``postgres_server`` factory."""
    url = postgres_server()
    migrate.upgrade(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def oplog_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'netauto.db'}"
        migrate.upgrade(url)
        yield url
        get_engine(url).dispose()
        return
    url = request.getfixturevalue("pg_database_url")
    with get_engine(url).begin() as connection:
        tables = [
            name for name in inspect(connection).get_table_names() if name != "alembic_version"
        ]
        connection.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
    yield url


@dataclass(frozen=True)
class Seeded:
    url: str
    now: datetime
    backup_run: uuid.UUID  # 10 minutes ago: R15 ok (changed), R16 ok, R17 failed
    facts_run: uuid.UUID  # 3 days ago: R15, R16 ok
    backup_ops: dict[str, uuid.UUID]
    facts_ops: dict[str, uuid.UUID]
    loose_op: uuid.UUID  # 2 hours ago, no run, still running


def seed(url: str, now: datetime | None = None) -> Seeded:
    """Write two runs and their operations through the real store."""
    now = now or datetime.now(UTC)
    backup_at, facts_at = now - timedelta(minutes=10), now - timedelta(days=3)
    backup_run, facts_run = uuid.uuid4(), uuid.uuid4()
    records: list[OpRecord | RunRecord] = [
        RunRecord(backup_run, "backup", "alice", {"hosts": ["R15", "R16", "R17"]}, backup_at,
                  backup_at + timedelta(seconds=3), 3, 2, 1, 1, "failed"),
        RunRecord(facts_run, "facts", "bob", None, facts_at, facts_at + timedelta(seconds=2),
                  2, 2, 0, 0, "success"),
    ]  # fmt: skip
    backup_ops = {host: uuid.uuid4() for host in ("R15", "R16", "R17")}
    for offset, (host, op_id) in enumerate(backup_ops.items()):
        failed = host == "R17"
        records.append(
            OpRecord(
                op_id,
                "config_backup",
                "failed" if failed else "success",
                host=host,
                run_id=backup_run,
                username="alice",
                command='{"path": "backups"}',
                result=None if failed else {"result": {"lines": 84}, "subtasks": []},
                error_message="connect timeout after 10s" if failed else None,
                execution_time_ms=(200, 300, 10000)[offset],
                changed=host == "R15",
                diff="+ntp server 192.0.2.10" if host == "R15" else None,
                created_at=backup_at + timedelta(seconds=offset),
                finished_at=backup_at + timedelta(seconds=offset + 1),
            )
        )
    facts_ops = {host: uuid.uuid4() for host in ("R15", "R16")}
    for offset, (host, op_id) in enumerate(facts_ops.items()):
        records.append(
            OpRecord(op_id, "get_facts", "success", host=host, run_id=facts_run, username="bob",
                     execution_time_ms=(100, 500)[offset],
                     created_at=facts_at + timedelta(seconds=offset))
        )  # fmt: skip
    loose = uuid.uuid4()
    records.append(
        OpRecord(loose, "health_check", "running", host="R18", created_at=now - timedelta(hours=2))
    )
    with Store(url) as store:
        store.store(records)
    return Seeded(url, now, backup_run, facts_run, backup_ops, facts_ops, loose)


@pytest.fixture
def seeded_oplog(oplog_url: str) -> Seeded:
    return seed(oplog_url)


@pytest.fixture
def config_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Writes a config.yaml in tmp_path for a database URL (spool beside it); clears NETAUTO_*."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)

    def write(database_url: str) -> Path:
        path = tmp_path / "config.yaml"
        section = {"database_url": database_url, "spool_file": str(tmp_path / "spool.jsonl")}
        path.write_text(yaml.safe_dump({"user_defined": {"netauto": section}}), encoding="utf-8")
        return path

    return write


@pytest.fixture
def oplog_config(oplog_url: str, config_for: Callable[[str], Path]) -> Path:
    """A config.yaml whose netauto section points at ``oplog_url``."""
    return config_for(oplog_url)
