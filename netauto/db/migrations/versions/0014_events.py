"""events, alert_states, notify_*: the event stream and its notifications

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 14:40:00.000000

One typed stream of events (router down/up, run failed, config changed outside netauto...),
the last state of each watched thing (dedup and recovery), the channels and rules that send
them, and an outbox so a failed delivery is retried, never lost.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from netauto.db.types import PortableJSON, UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("router", sa.String(100), nullable=True),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("data", PortableJSON, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("idx_events_created", "events", ["created_at"])
    op.create_index("idx_events_router", "events", ["router", "created_at"])
    op.create_table(
        "alert_states",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("state", sa.String(50), nullable=False),
        sa.Column("changed_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "notify_outbox",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("event_id", BigId, nullable=False),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", UTCDateTime, nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", UTCDateTime, nullable=True),
    )
    op.create_index("idx_outbox_due", "notify_outbox", ["status", "next_try_at"])
    op.create_table(
        "notify_channels",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "notify_rules",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("event", sa.String(50), nullable=False),
        sa.Column("min_severity", sa.String(20), nullable=False),
        sa.Column("username", sa.String(100), nullable=True),
        sa.Column("role", sa.String(50), nullable=True),
    )
    op.create_table(
        "notify_mutes",
        sa.Column("username", sa.String(100), primary_key=True),
        sa.Column("event", sa.String(50), primary_key=True),
    )
    op.create_table(
        "notify_seen",
        sa.Column("username", sa.String(100), primary_key=True),
        sa.Column("last_event_id", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "notify_seen",
        "notify_mutes",
        "notify_rules",
        "notify_channels",
        "notify_outbox",
        "alert_states",
        "events",
    ):
        op.drop_table(table)
