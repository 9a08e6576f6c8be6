"""device_samples and device_rollups: what the poll runbook reads, kept with a retention

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 14:00:00.000000

One row per router per poll (status, latency, CPU, memory, uptime, interface counters), kept
``poll.samples_days``; older ones are folded into one row per router and hour, kept
``poll.rollup_days``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import netauto.db.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "device_samples",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("device", sa.String(length=100), nullable=False),
        sa.Column("taken_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=True),
        sa.Column("cpu_percent", sa.Float(), nullable=True),
        sa.Column("memory_percent", sa.Float(), nullable=True),
        sa.Column("uptime_seconds", sa.BigInteger(), nullable=True),
        sa.Column(
            "interfaces",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
    )
    op.create_index("idx_samples_device_time", "device_samples", ["device", "taken_at"])
    op.create_table(
        "device_rollups",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("device", sa.String(length=100), nullable=False),
        sa.Column("hour", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("up_samples", sa.Integer(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=True),
        sa.Column("latency_max_ms", sa.Float(), nullable=True),
        sa.Column("cpu_percent", sa.Float(), nullable=True),
        sa.Column("cpu_max_percent", sa.Float(), nullable=True),
        sa.Column("memory_percent", sa.Float(), nullable=True),
        sa.Column(
            "interfaces",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
    )
    op.create_index("idx_rollups_device_hour", "device_rollups", ["device", "hour"], unique=True)


def downgrade() -> None:
    op.drop_index("idx_rollups_device_hour", table_name="device_rollups")
    op.drop_table("device_rollups")
    op.drop_index("idx_samples_device_time", table_name="device_samples")
    op.drop_table("device_samples")
