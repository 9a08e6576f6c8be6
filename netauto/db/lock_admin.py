"""What operators do with change locks: list them with their owner's state, release them.

``release_locks`` frees a lock whose owner is gone without asking; the lock of a live owner
(a run that may be changing the router right now) is freed only with ``force``. Every
release is an audit row of the operations log (``lock_release``: who, which host, whose lock,
forced or not), like the changes to users and settings.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from netauto.clock import utcnow
from netauto.db.engine import error_text, get_engine
from netauto.db.lock_owner import liveness, stale_reason
from netauto.db.locks import DeviceLock
from netauto.db.rows import LockInfo
from netauto.exceptions import DatabaseError, UsageError


@dataclass(frozen=True)
class Released:
    host: str
    owner: str
    run_id: uuid.UUID | None
    state: str
    forced: bool


def _info(row: DeviceLock, now: datetime) -> LockInfo:
    return LockInfo(
        host=row.host,
        owner=row.owner,
        run_id=row.run_id,
        owner_pid=row.owner_pid,
        owner_host=row.owner_host,
        acquired_at=row.acquired_at,
        renewed_at=row.renewed_at,
        expires_at=row.expires_at,
        state=liveness(row, now),
        stale=stale_reason(row, now) is not None,
        token=row.token,
    )


def list_locks(url: str) -> list[LockInfo]:
    """Every change lock held, by host, with whether its owner still lives."""
    from sqlalchemy.orm import Session

    now = utcnow()
    try:
        with Session(get_engine(url)) as session:
            rows = list(session.scalars(select(DeviceLock).order_by(DeviceLock.host)))
            return [_info(row, now) for row in rows]
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read the change locks: {error_text(exc)}") from None


def release_locks(
    url: str, hosts: Sequence[str], *, actor: str, force: bool = False
) -> list[Released]:
    """Release the locks of ``hosts``; a live owner's lock only with ``force``.

    Raises UsageError for a host without a lock, and for a live owner's lock without
    ``force`` (a refusal: exit 2); nothing is released then. Each release is an audit row.
    """
    from netauto.db.audit import record

    if not hosts:
        raise UsageError("name the hosts whose locks to release")
    found = {info.host: info for info in list_locks(url)}
    missing = [host for host in hosts if host not in found]
    if missing:
        raise UsageError(f"no change lock on {', '.join(missing)}")
    live = [found[host] for host in hosts if not found[host].stale]
    if live and not force:
        first = live[0]
        raise UsageError(
            f"{first.host} is locked by {first.owner} ({first.state}, process "
            f"{first.owner_pid} on {first.owner_host}): a run may be changing it now; "
            "add {force} to release it anyway",
            params=("force",),
        )
    released: list[Released] = []
    for host in dict.fromkeys(hosts):
        info = found[host]
        try:
            with get_engine(url).begin() as connection:
                gone = connection.execute(
                    delete(DeviceLock)
                    .where(DeviceLock.host == host, DeviceLock.token == info.token)
                    .returning(DeviceLock.host)
                ).first()
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot release the lock of {host}: {error_text(exc)}") from None
        if gone is None:
            continue  # released or taken over meanwhile: nothing of ours to record
        done = Released(host, info.owner, info.run_id, info.state, forced=not info.stale)
        released.append(done)
        record(
            url,
            actor,
            "lock_release",
            {
                "host": host,
                "owner": info.owner,
                "run_id": str(info.run_id) if info.run_id else None,
                "owner_process": f"{info.owner_pid} on {info.owner_host}",
                "state": info.state,
                "forced": done.forced,
            },
        )
    return released
