"""users with the roles viewer, operator, admin; API tokens

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 02:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import netauto.db.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD = "role IN ('admin', 'engineer', 'user', 'viewer')"
NEW = "role IN ('viewer', 'operator', 'admin')"


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("chk_user_role", type_="check")
    op.execute("UPDATE users SET role = 'operator' WHERE role = 'engineer'")
    op.execute("UPDATE users SET role = 'viewer' WHERE role = 'user'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_check_constraint("chk_user_role", NEW)

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", netauto.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", netauto.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", netauto.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", netauto.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("idx_api_tokens_user", "api_tokens", ["user_id"])


def downgrade() -> None:
    op.drop_index("idx_api_tokens_user", table_name="api_tokens")
    op.drop_table("api_tokens")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("chk_user_role", type_="check")
    op.execute("UPDATE users SET role = 'engineer' WHERE role = 'operator'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_check_constraint("chk_user_role", OLD)
