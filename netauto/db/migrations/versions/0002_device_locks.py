"""device change locks and pre-change config snapshots

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import netauto.db.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_locks",
        sa.Column("host", sa.String(length=100), nullable=False),
        sa.Column("token", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("acquired_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("host"),
    )
    with op.batch_alter_table("device_locks", schema=None) as batch_op:
        batch_op.create_index("idx_device_locks_expires", ["expires_at"], unique=False)

    op.create_table(
        "config_snapshots",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("host", sa.String(length=100), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("username", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("config", sa.Text(), nullable=False),
        sa.Column("created_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "idx_snapshots_host_created", "config_snapshots", ["host", sa.text("created_at DESC")]
    )


def downgrade() -> None:
    op.drop_index("idx_snapshots_host_created", table_name="config_snapshots")
    op.drop_table("config_snapshots")
    with op.batch_alter_table("device_locks", schema=None) as batch_op:
        batch_op.drop_index("idx_device_locks_expires")
    op.drop_table("device_locks")
