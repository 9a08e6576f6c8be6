"""compliance_results: each router's features as a compliance run judged them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 14:00:00.000000

One row per router and feature and run: compliant, non-compliant or error, with the missing
and extra lines, the sections out of order and the remediation commands (``detail``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import netauto.db.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None
_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "compliance_results",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("host", sa.String(length=100), nullable=False),
        sa.Column("feature", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("compliant", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=True),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("created_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("compliance_results", schema=None) as batch_op:
        batch_op.create_index(
            "idx_compliance_host_feature",
            ["host", "feature", sa.text("created_at DESC")],
            unique=False,
        )
        batch_op.create_index("idx_compliance_run", ["run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("compliance_results", schema=None) as batch_op:
        batch_op.drop_index("idx_compliance_run")
        batch_op.drop_index("idx_compliance_host_feature")
    op.drop_table("compliance_results")
