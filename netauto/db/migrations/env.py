"""Alembic environment: the engine comes from netauto, not from an ini file."""

from __future__ import annotations

from alembic import context

import netauto.db.compliance
import netauto.db.events

# Tables defined outside netauto.db.models register on Base.metadata when their module is imported.
import netauto.db.locks
import netauto.db.notify
import netauto.db.snapshots  # noqa: F401
from netauto.db.engine import get_engine
from netauto.db.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url, "netauto.db.migrate sets sqlalchemy.url"

with get_engine(url).connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
