"""Models, migrations and constraints on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError, StatementError

from netauto.db.engine import get_engine, session_scope
from netauto.db.migrate import HEAD, current_revision, upgrade
from netauto.db.models import (
    AIConversation,
    AutomationTask,
    NetworkDevice,
    OperationLog,
    Run,
    SystemConfig,
    User,
)

TABLES = {
    "users",
    "network_devices",
    "operations_log",
    "ai_conversations",
    "automation_tasks",
    "system_configs",
    "runs",
    "compliance_results",
}


def test_upgrade_creates_every_table_and_index(database_url: str) -> None:
    assert current_revision(database_url) is None
    assert upgrade(database_url) == HEAD
    assert upgrade(database_url) == HEAD  # idempotent
    inspector = inspect(get_engine(database_url))
    assert set(inspector.get_table_names()) >= TABLES
    indexes = {i["name"] for i in inspector.get_indexes("operations_log")}
    assert {"idx_operations_user_device", "idx_operations_created_at", "idx_operations_run"} <= (
        indexes
    )
    assert {"idx_devices_status", "idx_devices_ip"} <= {
        i["name"] for i in inspector.get_indexes("network_devices")
    }
    assert "idx_automation_next_run" in {
        i["name"] for i in inspector.get_indexes("automation_tasks")
    }
    assert {"idx_compliance_host_feature", "idx_compliance_run"} <= {
        i["name"] for i in inspector.get_indexes("compliance_results")
    }


def test_round_trip_of_portable_types(database_url: str) -> None:
    upgrade(database_url)
    with session_scope(database_url) as session:
        user = User(username="alice", email="alice@example.net")
        device = NetworkDevice(
            name="R15", ip_address="127.0.0.15", metadata_={"serial": "FTX1", "ifaces": 4}
        )
        session.add_all([user, device])
        session.flush()
        run = Run(runbook="backup", user_id=user.id, arguments={"hosts": ["R15"]})
        session.add(run)
        session.flush()
        session.add(
            OperationLog(
                user_id=user.id,
                device_id=device.id,
                run_id=run.id,
                host="R15",
                operation_type="config_backup",
                status="success",
                result={"lines": 84},
                changed=True,
                diff="+ntp server 192.0.2.1",
            )
        )
        session.add(AIConversation(session_id="s1", message_role="user", message_content="hi"))
        session.add(AutomationTask(name="nightly", task_type="backup", config={"cron": "0 2"}))
        session.add(SystemConfig(config_key="retention_days", config_value=90))
    with session_scope(database_url) as session:
        op = session.scalars(select(OperationLog)).one()
        assert isinstance(op.id, uuid.UUID)
        assert op.result == {"lines": 84} and op.changed is True
        assert op.created_at.tzinfo is not None
        device = session.scalars(select(NetworkDevice)).one()
        assert device.ip_address == "127.0.0.15"
        assert device.metadata_ == {"serial": "FTX1", "ifaces": 4}
        assert device.status == "unknown" and device.model == "unknown"


@pytest.mark.parametrize(
    "row",
    [
        lambda: NetworkDevice(name="R1", ip_address="127.0.0.1", status="exploded"),
        lambda: OperationLog(operation_type="x", status="done"),
        lambda: AIConversation(session_id="s", message_role="robot", message_content="x"),
        lambda: User(username="u", email="u@x", role="superuser"),
    ],
    ids=["device-status", "operation-status", "message-role", "user-role"],
)
def test_check_constraints_reject_bad_values(database_url: str, row: object) -> None:
    upgrade(database_url)
    with pytest.raises(IntegrityError), session_scope(database_url) as session:
        session.add(row())  # type: ignore[operator]


def test_device_name_is_unique(database_url: str) -> None:
    upgrade(database_url)
    with pytest.raises(IntegrityError), session_scope(database_url) as session:
        session.add(NetworkDevice(name="R15", ip_address="127.0.0.15"))
        session.add(NetworkDevice(name="R15", ip_address="127.0.0.16"))
        session.flush()


def test_postgresql_uses_native_types(postgres_url: str) -> None:
    upgrade(postgres_url)
    columns = {
        c["name"]: str(c["type"])
        for c in inspect(get_engine(postgres_url)).get_columns("network_devices")
    }
    assert columns["id"] == "UUID"
    assert columns["ip_address"] == "INET"
    assert columns["metadata"] == "JSONB"
    with (
        pytest.raises((StatementError, IntegrityError)),
        session_scope(postgres_url) as session,
    ):
        session.add(NetworkDevice(name="bad", ip_address="999.1.1.1"))
        session.flush()
