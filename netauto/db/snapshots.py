"""Pre-change configs: what a router ran before netauto changed it, for ``netauto rollback``.

Every deploy that commits stores the router's running-config first (``reason="deploy"``);
a rollback stores one too (``reason="rollback"``), so a rollback can itself be undone. The
configs live in the database, not on one machine's disk, so any operator can roll back.

No secret is stored in clear: ``config`` holds ``<SECRET_n>`` placeholders, and ``secrets``
the values, encrypted with ``NETAUTO_SECRET_KEY`` when it is set. Without the key a rollback
takes each secret from the router's running-config line of the same shape
(:meth:`Snapshot.restore`): a secret line the change itself altered cannot be restored then,
and the rollback is refused naming the line.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Index, String, Text, Uuid, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from netauto.db.engine import error_text, session_scope
from netauto.db.models import Base
from netauto.db.types import UTCDateTime, utcnow
from netauto.exceptions import DatabaseError, UsageError
from netauto.secrets import PLACEHOLDER as _PLACEHOLDER
from netauto.secrets import Redactor, fill_secrets, mask

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
    secrets: Mapped[str | None] = mapped_column(Text)  # encrypted placeholder -> value (0006)


@dataclass(frozen=True)
class Snapshot:
    id: uuid.UUID
    host: str
    run_id: uuid.UUID | None
    username: str | None
    reason: str
    config: str  # secrets as <SECRET_n> placeholders
    created_at: datetime
    secrets: str | None = None

    def restore(self, running: str | None = None) -> str:
        """The config with its secrets back: decrypted, else from ``running``'s lines.

        Raises:
            UsageError: a secret can be found neither way (the line is named, masked).
        """
        from netauto.secretbox import KEY_VARIABLE, decrypt

        if self.secrets is not None:
            values = json.loads(decrypt(self.secrets, "config snapshot"))
            config = _PLACEHOLDER.sub(lambda m: values.get(m.group(0), m.group(0)), self.config)
        else:
            config = fill_secrets(self.config, running or "")
        left = [line.strip() for line in config.splitlines() if _PLACEHOLDER.search(line)]
        if left:
            raise UsageError(
                f"{self.host}: the snapshot's secret in {mask(left[0])!r} is not on the router "
                f"any more and was stored without {KEY_VARIABLE}: restore that line by hand"
            )
        return config

    @property
    def needs_router(self) -> bool:
        """Its secrets must be read from the router's running-config to restore it."""
        return self.secrets is None and bool(_PLACEHOLDER.search(self.config))


def _plain(row: ConfigSnapshot) -> Snapshot:
    return Snapshot(
        row.id,
        row.host,
        row.run_id,
        row.username,
        row.reason,
        row.config,
        row.created_at,
        row.secrets,
    )


def _hidden(config: str) -> tuple[str, str | None]:
    """(config with placeholders, the values encrypted, or None without a key)."""
    from netauto.secretbox import KEY_VARIABLE, encrypt

    redactor = Redactor()
    masked = redactor.redact(config)
    if not redactor.placeholders or not os.environ.get(KEY_VARIABLE, "").strip():
        return masked, None
    values = {placeholder: secret for secret, placeholder in redactor.placeholders.items()}
    return masked, encrypt(json.dumps(values), "config snapshot")


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
    masked, secrets = _hidden(config)
    row = ConfigSnapshot(
        id=uuid.uuid4(),
        host=host,
        run_id=run_id,
        username=username,
        reason=reason,
        config=masked,
        created_at=utcnow(),
        secrets=secrets,
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
