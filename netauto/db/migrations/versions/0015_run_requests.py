"""run_requests: runs asked for by the web, the API or chat, executed by a runner process

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 15:00:00.000000

A run started from the web ran in the web server's own threads and died with it. The web now
stores the request; a runner process (started by the scheduler, or by the web when no
scheduler runs) claims it, runs the runbook and writes its progress and outcome here; a
cancel asked for from the page is a flag the runner follows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import netauto.db.types

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_TIME = netauto.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "run_requests",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("runbook", sa.String(length=100), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("target", _JSON, nullable=False),
        sa.Column("options", _JSON, nullable=False),
        sa.Column("arguments", _JSON, nullable=False),
        sa.Column("preview", sa.Uuid(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("cancel", sa.Boolean(), nullable=False),
        sa.Column("holder", sa.String(length=255), nullable=True),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
        sa.Column("started_at", _TIME, nullable=True),
        sa.Column("finished_at", _TIME, nullable=True),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("counts", _JSON, nullable=True),
        sa.Column("would_change", _JSON, nullable=True),
        sa.Column("diffs", _JSON, nullable=True),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'finished', 'failed', 'cancelled')",
            name="chk_request_state",
        ),
    )
    op.create_index("idx_requests_state", "run_requests", ["state"])
    op.create_index("idx_requests_updated", "run_requests", ["updated_at"])


def downgrade() -> None:
    op.drop_index("idx_requests_updated", table_name="run_requests")
    op.drop_index("idx_requests_state", table_name="run_requests")
    op.drop_table("run_requests")
