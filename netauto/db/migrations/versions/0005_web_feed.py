"""web: the live feed of the operations log (updated_at index, NOTIFY on PostgreSQL)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 10:00:00.000000

``netauto web`` follows the operations log by ``updated_at`` (a row is inserted ``running``
and updated when it ends), so that column gets an index. So do the last run of a runbook
(``idx_runs_runbook``: the dashboard's last health run), a host's operations newest first
(``idx_operations_host_created``: a device's history, its last backup and facts, the host
filter) and the week by day and status (``idx_operations_created_status``: an index-only
scan for the dashboard's timeline).

On PostgreSQL a statement-level trigger sends ``NOTIFY netauto_oplog`` after every INSERT or
UPDATE of operations_log: one notification per statement, not per row, so a bulk insert costs
one (and notifications of one transaction are folded into one by the server); listeners then
read what changed.
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CHANNEL = "netauto_oplog"
FUNCTION = f"""
CREATE OR REPLACE FUNCTION netauto_oplog_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', TG_OP);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""
TRIGGER = """
CREATE TRIGGER netauto_oplog_changed
AFTER INSERT OR UPDATE ON operations_log
FOR EACH STATEMENT EXECUTE FUNCTION netauto_oplog_notify()
"""


def upgrade() -> None:
    op.create_index("idx_operations_updated_at", "operations_log", ["updated_at"])
    op.create_index("idx_runs_runbook", "runs", ["runbook", "started_at"])
    op.create_index("idx_operations_host_created", "operations_log", ["host", "created_at"])
    op.create_index("idx_operations_created_status", "operations_log", ["created_at", "status"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)
        op.execute(TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS netauto_oplog_changed ON operations_log")
        op.execute("DROP FUNCTION IF EXISTS netauto_oplog_notify()")
    op.drop_index("idx_operations_created_status", table_name="operations_log")
    op.drop_index("idx_operations_host_created", table_name="operations_log")
    op.drop_index("idx_runs_runbook", table_name="runs")
    op.drop_index("idx_operations_updated_at", table_name="operations_log")
