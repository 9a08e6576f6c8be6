"""Migration 0004 on SQLite and PostgreSQL: upgrades a database holding runs, and back."""

from __future__ import annotations

import uuid

from sqlalchemy import inspect, text

from netauto.db import migrate
from netauto.db.engine import get_engine


def test_0004_upgrades_and_downgrades(database_url: str) -> None:
    from alembic import command

    assert migrate.upgrade(database_url, "0003") == "0003"
    run_id = uuid.uuid4()
    with get_engine(database_url).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO runs (id, runbook, started_at, hosts_total, hosts_ok, hosts_failed,"
                " hosts_changed, status) VALUES (:id, 'backup', CURRENT_TIMESTAMP, 0, 0, 0, 0,"
                " 'success')"
            ),
            {"id": run_id.hex if database_url.startswith("sqlite") else run_id},
        )
    assert migrate.upgrade(database_url, "0004") == "0004"
    inspector = inspect(get_engine(database_url))
    assert {"task_id"} <= {c["name"] for c in inspector.get_columns("runs")}
    assert {"timezone", "interval_seconds", "last_status", "locked_until"} <= {
        c["name"] for c in inspector.get_columns("automation_tasks")
    }
    assert "idx_runs_task" in {i["name"] for i in inspector.get_indexes("runs")}
    with get_engine(database_url).connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM runs")).scalar() == 1
    command.downgrade(migrate._alembic_config(database_url), "0003")  # type: ignore[arg-type]
    assert migrate.current_revision(database_url) == "0003"
    assert migrate.upgrade(database_url, "0004") == "0004"
