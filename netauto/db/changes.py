"""What changed in the operations log: rows by ``updated_at``, and PostgreSQL's notifications.

The web's live feed (``netauto.web.feed``) follows the log with these: a row is inserted
``running`` and updated when it ends, by any process. ``updated_at`` is indexed; pages are
keyset pages on (``updated_at``, ``id``), as rows share times. On PostgreSQL the trigger of
migration 0005 notifies :data:`CHANNEL` once per statement, so a :class:`Listener` sleeps
until something changed instead of polling.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_

from netauto.db.models import OperationLog
from netauto.db.queries import _operations, reading
from netauto.db.rows import OperationRow

CHANNEL = "netauto_oplog"


def changed_operations(
    url: str,
    since: datetime,
    *,
    after: tuple[datetime, uuid.UUID] | None = None,
    limit: int = 500,
) -> list[tuple[OperationRow, datetime]]:
    """Operations changed at or after ``since``, or after the row ``after`` (its change time
    and id: the last of the previous page); the oldest change first, each with its time."""
    where: ColumnElement[bool] = OperationLog.updated_at >= since
    if after is not None:
        at, ident = after
        where = or_(
            OperationLog.updated_at > at,
            and_(OperationLog.updated_at == at, OperationLog.id > ident),
        )
    with reading(url) as session:
        statement = (
            _operations(session, where)
            .add_columns(OperationLog.updated_at)
            .order_by(OperationLog.updated_at, OperationLog.id)
            .limit(limit)
        )
        rows = [row._asdict() for row in session.execute(statement)]
    found = []
    for values in rows:
        changed_at = values.pop("updated_at")
        found.append((OperationRow(**values), changed_at))
    return found


def listens(url: str) -> bool:
    """Whether the database can notify (PostgreSQL), instead of being polled (SQLite)."""
    return url.startswith(("postgresql", "postgres"))


class Listener:
    """A PostgreSQL connection that LISTENs on the operations log's channel."""

    def __init__(self, url: str, stop: threading.Event) -> None:
        import psycopg

        from netauto.db.url import libpq_uri

        self.connection = psycopg.connect(libpq_uri(url), autocommit=True, connect_timeout=5)
        try:
            self.connection.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            self.connection.close()  # nobody else holds it: never left to the collector
            raise
        self.stop = stop

    def wait(self, timeout: float) -> None:
        """Until a notification, ``timeout`` or ``stop`` (checked every second)."""
        deadline = time.monotonic() + timeout
        while not self.stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            for _ in self.connection.notifies(timeout=min(left, 1.0), stop_after=1):
                return

    def close(self) -> None:
        self.connection.close()
