"""operations_log indexes for the web pages: a host's last operation of one type

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00.000000

``idx_operations_type_host`` (operation type, host, created_at) gives each device's last
backup and facts with one index probe, also for a device that never had one.
``idx_operations_host`` is dropped: ``idx_operations_host_created`` (0005) serves every query
it served. ``idx_operations_created_status`` (0005) is dropped too: the dashboard's timeline
keeps closed days' counts in a cache (``netauto/db/timeline.py``) and reads today's rows by
``idx_operations_created_at``. Every index slows the operations-log writer a little; these
are the ones the pages cannot do without.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("idx_operations_host", table_name="operations_log")
    op.drop_index("idx_operations_created_status", table_name="operations_log")
    op.create_index(
        "idx_operations_type_host", "operations_log", ["operation_type", "host", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("idx_operations_type_host", table_name="operations_log")
    op.create_index("idx_operations_created_status", "operations_log", ["created_at", "status"])
    op.create_index("idx_operations_host", "operations_log", ["host"])
