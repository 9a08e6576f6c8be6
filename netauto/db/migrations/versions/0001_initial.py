"""initial schema: the PRD's six tables and runs

Revision ID: 0001
Revises:
Create Date: 2026-11-25 20:19:07.728504
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import netauto.db.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "network_devices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("ip_address", netauto.db.types.IPAddress(length=45), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("platform", sa.String(length=50), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("uptime_seconds", sa.BigInteger(), nullable=False),
        sa.Column("last_seen", netauto.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("config_backup", sa.Text(), nullable=True),
        sa.Column(
            "metadata",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('online', 'offline', 'warning', 'unknown')", name="chk_status"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("network_devices", schema=None) as batch_op:
        batch_op.create_index("idx_devices_ip", ["ip_address"], unique=False)
        batch_op.create_index("idx_devices_status", ["status"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=True),
        sa.Column("avatar_url", sa.Text(), nullable=True),
        sa.Column("role", sa.String(length=50), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('admin', 'engineer', 'user', 'viewer')", name="chk_user_role"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "ai_conversations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("session_id", sa.String(length=100), nullable=False),
        sa.Column("message_role", sa.String(length=20), nullable=False),
        sa.Column("message_content", sa.Text(), nullable=False),
        sa.Column(
            "metadata",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "message_role IN ('user', 'assistant', 'system')", name="chk_message_role"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ai_conversations", schema=None) as batch_op:
        batch_op.create_index(
            "idx_conversations_user_session", ["user_id", "session_id"], unique=False
        )

    op.create_table(
        "automation_tasks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("task_type", sa.String(length=50), nullable=False),
        sa.Column("schedule_cron", sa.String(length=100), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column(
            "config",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("last_run", netauto.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_run", netauto.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("automation_tasks", schema=None) as batch_op:
        batch_op.create_index(
            "idx_automation_next_run",
            ["next_run"],
            unique=False,
            postgresql_where=sa.text("is_active = true"),
            sqlite_where=sa.text("is_active = 1"),
        )
        batch_op.create_index("idx_automation_user", ["user_id"], unique=False)

    op.create_table(
        "runs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("runbook", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("username", sa.String(length=100), nullable=True),
        sa.Column(
            "arguments",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("started_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", netauto.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("hosts_total", sa.Integer(), nullable=False),
        sa.Column("hosts_ok", sa.Integer(), nullable=False),
        sa.Column("hosts_failed", sa.Integer(), nullable=False),
        sa.Column("hosts_changed", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.CheckConstraint("status IN ('running', 'success', 'failed')", name="chk_run_status"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "system_configs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("config_key", sa.String(length=100), nullable=False),
        sa.Column(
            "config_value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_encrypted", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("config_key"),
    )
    op.create_table(
        "operations_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("host", sa.String(length=100), nullable=True),
        sa.Column("operation_type", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("command", sa.Text(), nullable=True),
        sa.Column(
            "result",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("execution_time_ms", sa.Integer(), nullable=True),
        sa.Column("changed", sa.Boolean(), nullable=False),
        sa.Column("diff", sa.Text(), nullable=True),
        sa.Column("finished_at", netauto.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('success', 'failed', 'pending', 'running')", name="chk_operation_status"
        ),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["network_devices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["runs.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("operations_log", schema=None) as batch_op:
        batch_op.create_index("idx_operations_host", ["host"], unique=False)
        batch_op.create_index("idx_operations_run", ["run_id"], unique=False)
        batch_op.create_index("idx_operations_user_device", ["user_id", "device_id"], unique=False)
    # Autogenerate cannot see expression indexes: newest-first lists use these.
    op.create_index("idx_operations_created_at", "operations_log", [sa.text("created_at DESC")])
    op.create_index("idx_runs_started_at", "runs", [sa.text("started_at DESC")])


def downgrade() -> None:
    op.drop_index("idx_runs_started_at", table_name="runs")
    op.drop_index("idx_operations_created_at", table_name="operations_log")

    with op.batch_alter_table("operations_log", schema=None) as batch_op:
        batch_op.drop_index("idx_operations_user_device")
        batch_op.drop_index("idx_operations_run")
        batch_op.drop_index("idx_operations_host")

    op.drop_table("operations_log")
    op.drop_table("system_configs")
    op.drop_table("runs")
    with op.batch_alter_table("automation_tasks", schema=None) as batch_op:
        batch_op.drop_index("idx_automation_user")
        batch_op.drop_index(
            "idx_automation_next_run",
            postgresql_where=sa.text("is_active = true"),
            sqlite_where=sa.text("is_active = 1"),
        )

    op.drop_table("automation_tasks")
    with op.batch_alter_table("ai_conversations", schema=None) as batch_op:
        batch_op.drop_index("idx_conversations_user_session")

    op.drop_table("ai_conversations")
    op.drop_table("users")
    with op.batch_alter_table("network_devices", schema=None) as batch_op:
        batch_op.drop_index("idx_devices_status")
        batch_op.drop_index("idx_devices_ip")

    op.drop_table("network_devices")
