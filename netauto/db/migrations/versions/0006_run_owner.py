"""runs: the owning process (pid and host) and why a run failed; snapshots without secrets

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00.000000

A run whose process is gone (kill -9, a crash, a lost machine) stays ``running`` forever
unless someone can tell it is dead: ``owner_pid`` and ``owner_host`` say which process owns
it, so the next run on that machine (or ``netauto ops close-stale``) closes it as failed,
with the reason in ``error_message``. ``idx_runs_status`` finds the running ones cheaply.

``config_snapshots.config`` now holds the config with its secrets replaced by placeholders;
``secrets`` keeps them encrypted with ``NETAUTO_SECRET_KEY`` (NULL without a key: a
rollback then takes them from the router's running-config).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_pid", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("owner_host", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("error_message", sa.Text(), nullable=True))
    op.create_index("idx_runs_status", "runs", ["status"])
    with op.batch_alter_table("config_snapshots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("secrets", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("config_snapshots", schema=None) as batch_op:
        batch_op.drop_column("secrets")
    op.drop_index("idx_runs_status", table_name="runs")
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_column("error_message")
        batch_op.drop_column("owner_host")
        batch_op.drop_column("owner_pid")
