"""Per-host change locks in the database: two runs never change one router at once.

A lock is a row in ``device_locks`` keyed by host name, so it holds across processes and
machines sharing the operations log. Taking it is one ``INSERT ... ON CONFLICT DO NOTHING``:
the database decides who wins, and the loser fails fast with a :class:`LockError` naming the
holder. A lock left by a crashed run expires at ``expires_at`` and is then taken over.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import Connection, Index, String, Uuid, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from netauto.db.engine import error_text, get_engine
from netauto.db.models import Base
from netauto.db.types import UTCDateTime, utcnow
from netauto.exceptions import DatabaseError, LockError

DEFAULT_TTL = 1800.0


class DeviceLock(Base):
    __tablename__ = "device_locks"
    __table_args__ = (Index("idx_device_locks_expires", "expires_at"),)

    host: Mapped[str] = mapped_column(String(100), primary_key=True)
    token: Mapped[uuid.UUID] = mapped_column(Uuid)
    run_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    owner: Mapped[str] = mapped_column(String(100))
    holder: Mapped[str] = mapped_column(String(200))  # machine and process id
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


def _insert(connection: Connection, values: dict[str, object]) -> bool:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(DeviceLock.__table__)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["host"])
        .returning(DeviceLock.host)
    )
    # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT.
    return connection.execute(statement).first() is not None


def acquire(
    url: str,
    host: str,
    *,
    owner: str,
    run_id: uuid.UUID | None = None,
    ttl: float = DEFAULT_TTL,
) -> uuid.UUID:
    """Take the lock of ``host``; returns the token that releases it. Raises LockError."""
    from netauto.db.migrate import ensure_schema

    ensure_schema(url)
    token = uuid.uuid4()
    now = utcnow()
    values: dict[str, object] = {
        "host": host,
        "token": token,
        "run_id": run_id,
        "owner": owner,
        "holder": f"{socket.gethostname()}:{os.getpid()}",
        "acquired_at": now,
        "expires_at": now + timedelta(seconds=ttl),
    }
    try:
        with get_engine(url).begin() as connection:
            if _insert(connection, values):
                return token
            # Take over a lock its run never released (crash, kill -9) once it has expired.
            connection.execute(
                delete(DeviceLock).where(DeviceLock.host == host, DeviceLock.expires_at < now)
            )
            if _insert(connection, values):
                return token
            row = connection.execute(select(DeviceLock).where(DeviceLock.host == host)).first()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot take the lock of {host}: {error_text(exc)}") from None
    if row is None:  # released between our two statements: one more try is fair
        return acquire(url, host, owner=owner, run_id=run_id, ttl=ttl)
    run = f"run {str(row.run_id)[:8]}, " if row.run_id else ""
    raise LockError(
        f"{host} is locked by {row.owner} ({run}{row.holder}, since "
        f"{row.acquired_at:%Y-%m-%d %H:%M:%S} UTC, expires {row.expires_at:%H:%M:%S} UTC); "
        "another run is changing it, retry when it has finished"
    )


def release(url: str, host: str, token: uuid.UUID) -> None:
    """Give the lock back; a lock taken over by someone else is left alone."""
    try:
        with get_engine(url).begin() as connection:
            connection.execute(
                delete(DeviceLock).where(DeviceLock.host == host, DeviceLock.token == token)
            )
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot release the lock of {host}: {error_text(exc)}") from None


def holders(url: str) -> list[DeviceLock]:
    """Every lock currently held (expired ones included), oldest first."""
    from sqlalchemy.orm import Session

    with Session(get_engine(url)) as session:
        return list(session.scalars(select(DeviceLock).order_by(DeviceLock.acquired_at)))


def lock_runs(url: str, hosts: Iterable[str]) -> dict[str, uuid.UUID | None]:
    """The run holding each of ``hosts``' locks now (unexpired ones; free hosts left out)."""
    try:
        with get_engine(url).connect() as connection:
            rows = connection.execute(
                select(DeviceLock.host, DeviceLock.run_id).where(
                    DeviceLock.host.in_(list(hosts)), DeviceLock.expires_at >= utcnow()
                )
            ).all()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read the change locks: {error_text(exc)}") from None
    return {host: run_id for host, run_id in rows}


@contextmanager
def device_lock(
    url: str,
    host: str,
    *,
    owner: str,
    run_id: uuid.UUID | None = None,
    ttl: float = DEFAULT_TTL,
) -> Iterator[uuid.UUID]:
    """Hold the lock of ``host`` for the block."""
    token = acquire(url, host, owner=owner, run_id=run_id, ttl=ttl)
    try:
        yield token
    finally:
        release(url, host, token)


@contextmanager
def hold_many(
    url: str,
    hosts: list[str],
    *,
    owner: str,
    run_id: uuid.UUID | None = None,
    ttl: float = DEFAULT_TTL,
) -> Iterator[dict[str, str]]:
    """Hold the locks of every host that is free; yields {host: why} for the others."""
    held: dict[str, uuid.UUID] = {}
    refused: dict[str, str] = {}
    try:
        for host in hosts:
            try:
                held[host] = acquire(url, host, owner=owner, run_id=run_id, ttl=ttl)
            except LockError as exc:
                refused[host] = str(exc)
        yield refused
    finally:
        for host, token in held.items():
            release(url, host, token)
