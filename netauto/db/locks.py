"""Per-host change locks in the database: two runs never change one router at once.

A lock is a row in ``device_locks`` keyed by host name, so it holds across processes and
machines sharing the operations log. Taking it is one ``INSERT ... ON CONFLICT DO NOTHING``:
the database decides who wins, and the loser fails fast with a :class:`LockError` naming the
holder. A lock belongs to a live process (``netauto.db.lock_owner``): one whose owner is gone
(its pid on this machine, or a lease not renewed on another) is taken over at once, by
deleting exactly the row judged stale (its token) and inserting again, so two takers never
both win. ``expires_at`` stays as the last resort for rows without an owner.

What a lock says besides who won (every lock held, the temporary lines a change left on its
router): :mod:`netauto.db.lock_notes`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Index, Integer, String, Uuid, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from netauto.db.engine import error_text, get_engine
from netauto.db.lock_owner import Held, Keeper, stale_reason, this_machine, this_process
from netauto.db.models import Base
from netauto.db.types import UTCDateTime, utcnow
from netauto.exceptions import DatabaseError, LockError

log = logging.getLogger(__name__)

DEFAULT_TTL = 1800.0


def lock_ttl(revert_in: int | None) -> float:
    """How long a change holds its locks: at least as long as a revert timer could still fire."""
    return max(DEFAULT_TTL, float(revert_in or 0) + 600)


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
    owner_pid: Mapped[int | None] = mapped_column(Integer)
    owner_host: Mapped[str | None] = mapped_column(String(255))
    renewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Temporary lines on the router until the change removes them, one per line.
    cleanup: Mapped[str | None] = mapped_column(String(200))


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
    taken_over: Callable[[str, str], None] | None = None,
) -> uuid.UUID:
    """Take the lock of ``host``; returns the token that releases it. Raises LockError.

    A lock whose owner is gone is taken over at once (a warning says whose it was, and
    ``taken_over(host, whose)`` is called: the engine makes it an event).
    """
    from netauto.db.migrate import ensure_schema

    ensure_schema(url)
    token = uuid.uuid4()
    now = utcnow()
    pid, machine = this_process(), this_machine()
    values: dict[str, object] = {
        "host": host,
        "token": token,
        "run_id": run_id,
        "owner": owner,
        "holder": f"{machine}:{pid}",
        "acquired_at": now,
        "expires_at": now + timedelta(seconds=ttl),
        "owner_pid": pid,
        "owner_host": machine,
        "renewed_at": now,
    }
    whose: str | None = None
    try:
        with get_engine(url).begin() as connection:
            won = _insert(connection, values)
            row = None if won else _row(connection, host)
            why = None if row is None else stale_reason(row, now, machine)
            if row is not None and why is not None:
                # Only the row judged stale (its token): a run that took it over meanwhile
                # keeps its lock, and the insert below then loses to it.
                connection.execute(
                    delete(DeviceLock).where(DeviceLock.host == host, DeviceLock.token == row.token)
                )
                # What the dead owner left on the router is now this run's to remove.
                won = _insert(connection, {**values, "cleanup": row.cleanup})
                whose = f"{_whose(row)}: {why}" if won else None
                row = None if won else _row(connection, host)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot take the lock of {host}: {error_text(exc)}") from None
    if won:
        if whose is not None:
            log.warning("%s: took over the change lock of %s", host, whose)
            if taken_over is not None:
                taken_over(host, whose)
        KEEPER.hold(Held(url, host, token))
        return token
    if row is None:  # released between our two statements: one more try is fair
        return acquire(url, host, owner=owner, run_id=run_id, ttl=ttl, taken_over=taken_over)
    run = f"run {str(row.run_id)[:8]}, " if row.run_id else ""
    raise LockError(
        f"{host} is locked by {row.owner} ({run}{row.holder}, since "
        f"{row.acquired_at:%Y-%m-%d %H:%M:%S} UTC, expires {row.expires_at:%H:%M:%S} UTC); "
        "another run is changing it, retry when it has finished"
    )


def _row(connection: Connection, host: str) -> Any:
    return connection.execute(select(DeviceLock).where(DeviceLock.host == host)).first()


def _whose(row: Any) -> str:
    run = f"run {str(row.run_id)[:8]}, " if row.run_id else ""
    return f"{row.owner} ({run}{row.holder})"


def release(url: str, host: str, token: uuid.UUID) -> None:
    """Give the lock back; a lock taken over by someone else is left alone.

    When the database cannot be reached the lock is released later by the keeper thread
    (and once this process ends, the next run takes it over anyway); DatabaseError says so.
    """
    held = Held(url, host, token)
    try:
        with get_engine(url).begin() as connection:
            connection.execute(
                delete(DeviceLock).where(DeviceLock.host == host, DeviceLock.token == token)
            )
    except SQLAlchemyError as exc:
        KEEPER.forget(held, released=False)
        raise DatabaseError(f"cannot release the lock of {host}: {error_text(exc)}") from None
    KEEPER.forget(held)


def renew(url: str, host: str, token: uuid.UUID) -> bool:
    """Renew the lease of a lock this process holds; False when it is no longer ours."""
    with get_engine(url).begin() as connection:
        found = connection.execute(
            update(DeviceLock)
            .where(DeviceLock.host == host, DeviceLock.token == token)
            .values(renewed_at=utcnow())
            .returning(DeviceLock.host)
        ).first()
    return found is not None


# The process's keeper of its locks' leases and of the releases still to retry.
KEEPER = Keeper(renew, release)


@contextmanager
def device_lock(
    url: str,
    host: str,
    *,
    owner: str,
    run_id: uuid.UUID | None = None,
    ttl: float = DEFAULT_TTL,
    taken_over: Callable[[str, str], None] | None = None,
) -> Iterator[uuid.UUID]:
    """Hold the lock of ``host`` for the block.

    A release the database refuses is logged, never raised over what the block did (a
    router that committed stays committed): the keeper releases it later.
    """
    token = acquire(url, host, owner=owner, run_id=run_id, ttl=ttl, taken_over=taken_over)
    try:
        yield token
    finally:
        try:
            release(url, host, token)
        except DatabaseError as exc:
            log.warning("%s; released when the database answers again", exc)


@contextmanager
def hold_many(
    url: str,
    hosts: list[str],
    *,
    owner: str,
    run_id: uuid.UUID | None = None,
    ttl: float = DEFAULT_TTL,
    problems: list[str] | None = None,
) -> Iterator[dict[str, str]]:
    """Hold the locks of every host that is free; yields {host: why} for the others.

    With ``problems``, a lock that cannot be released (the database is down) is a line
    added to it instead of an error over the run's own outcome: what the routers did still
    gets reported, and the lock is released later or taken over once this process ends.
    """
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
        failed: list[str] = []
        why = ""
        for host, token in held.items():
            try:
                release(url, host, token)
            except DatabaseError as exc:
                if problems is None:
                    raise
                failed.append(host)
                why = str(exc).split(": ", 1)[-1]
        if failed and problems is not None:
            problems.append(
                f"change locks of {', '.join(failed)} not released ({why}); released when the "
                "database answers again, or taken over by the next run once this process ends"
            )
