"""schedules: timing, lease and last fire of automation_tasks; runs linked to their task

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import netauto.db.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD = "status IN ('running', 'success', 'failed')"
NEW = "status IN ('running', 'success', 'failed', 'skipped')"


def upgrade() -> None:
    with op.batch_alter_table("automation_tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("interval_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("last_run_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("last_status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("locked_by", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("locked_until", netauto.db.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_unique_constraint("uq_automation_tasks_name", ["name"])

    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("task_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            "fk_runs_task_id", "automation_tasks", ["task_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.drop_constraint("chk_run_status", type_="check")
        batch_op.create_check_constraint("chk_run_status", NEW)
        batch_op.create_index("idx_runs_task", ["task_id", "started_at"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM runs WHERE status = 'skipped'")
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_index("idx_runs_task")
        batch_op.drop_constraint("chk_run_status", type_="check")
        batch_op.create_check_constraint("chk_run_status", OLD)
        batch_op.drop_constraint("fk_runs_task_id", type_="foreignkey")
        batch_op.drop_column("task_id")

    with op.batch_alter_table("automation_tasks", schema=None) as batch_op:
        batch_op.drop_constraint("uq_automation_tasks_name", type_="unique")
        for column in (
            "locked_until",
            "locked_by",
            "last_error",
            "last_status",
            "last_run_id",
            "interval_seconds",
            "timezone",
        ):
            batch_op.drop_column(column)
