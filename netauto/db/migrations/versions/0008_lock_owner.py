"""device_locks: the owning process (pid and machine) and a renewed lease

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:00:00.000000

A lock used to say only "machine:pid" in ``holder`` and lasted 30 minutes whatever happened
to its run, so a kill -9 blocked the router (even ``rollback``) for that long. With
``owner_pid`` and ``owner_host`` a lock of this machine whose process is gone is taken over
at once; ``renewed_at`` is the lease the owner renews while it lives, so a lock of another
machine is taken over once its lease has not been renewed for a while.

``cleanup`` lists the temporary lines a change has put on the router under this lock
(NAPALM's ``file prompt quiet``) until it has removed them again: a run that takes over a
dead owner's lock inherits the list and removes those lines first.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import netauto.db.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device_locks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_pid", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("owner_host", sa.String(length=255), nullable=True))
        batch_op.add_column(
            sa.Column("renewed_at", netauto.db.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("cleanup", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device_locks", schema=None) as batch_op:
        batch_op.drop_column("cleanup")
        batch_op.drop_column("renewed_at")
        batch_op.drop_column("owner_host")
        batch_op.drop_column("owner_pid")
