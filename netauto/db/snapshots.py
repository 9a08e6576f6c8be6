"""Pre-change configs: what a router ran before netauto changed it, for ``netauto rollback``.

Every deploy that commits stores the router's running-config first (``reason="deploy"``);
a rollback stores one too (``reason="rollback"``), so a rollback can itself be undone. The
configs live in the database, not on one machine's disk, so any operator can roll back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Index, String, Text, Uuid, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from netauto.db.engine import error_text, session_scope
from netauto.db.models import Base
from netauto.db.types import UTCDateTime, utcnow
from netauto.exceptions import DatabaseError

REASONS = ("deploy", "rollback")


class ConfigSnapshot(Base):
    __tablename__ = "config_snapshots"
    __table_args__ = (Index("idx_snapshots_host_created", "host", text("created_at DESC")),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    host: Mapped[str] = mapped_column(String(100))
    run_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    username: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(20))
    config: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Snapshot:
    id: uuid.UUID
    host: str
    run_id: uuid.UUID | None
    username: str | None
    reason: str
    config: str
    created_at: datetime


def _plain(row: ConfigSnapshot) -> Snapshot:
    return Snapshot(
        row.id, row.host, row.run_id, row.username, row.reason, row.config, row.created_at
    )


def save_snapshot(
    url: str,
    host: str,
    config: str,
    *,
    reason: str = "deploy",
    run_id: uuid.UUID | None = None,
    username: str | None = None,
) -> uuid.UUID:
    """Store a pre-change config; returns its id."""
    from netauto.db.migrate import ensure_schema

    ensure_schema(url)
    row = ConfigSnapshot(
        id=uuid.uuid4(),
        host=host,
        run_id=run_id,
        username=username,
        reason=reason,
        config=config,
        created_at=utcnow(),
    )
    try:
        with session_scope(url) as session:
            session.add(row)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot store the config of {host}: {error_text(exc)}") from None
    return row.id


def find_snapshot(
    url: str,
    host: str,
    *,
    snapshot_id: str | None = None,
    run_id: str | None = None,
    reason: str | None = "deploy",
) -> Snapshot | None:
    """The newest snapshot of ``host``, optionally of one run, or the one with an id prefix."""
    query = select(ConfigSnapshot).where(ConfigSnapshot.host == host)
    if reason is not None and snapshot_id is None:
        query = query.where(ConfigSnapshot.reason == reason)
    try:
        with session_scope(url) as session:
            rows = list(session.scalars(query.order_by(ConfigSnapshot.created_at.desc())))
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read the configs of {host}: {error_text(exc)}") from None
    for row in rows:
        if snapshot_id is not None and not str(row.id).startswith(snapshot_id.lower()):
            continue
        if run_id is not None and not str(row.run_id or "").startswith(run_id.lower()):
            continue
        return _plain(row)
    return None
