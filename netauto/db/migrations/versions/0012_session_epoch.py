"""users.session_epoch: web sessions revoked on the server

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 14:00:00.000000

A web session cookie is signed, so it stayed valid until it expired (12 hours), even after
a logout. Each session now carries the user's ``session_epoch`` (inside the fingerprint it
keeps); a logout, a new password or disabling the user bumps it, and every older session
ends at its next request.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
