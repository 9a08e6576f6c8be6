"""What the change locks say besides who won: every lock held, the run holding each host
now, and the temporary lines a change has on its router (noted in its lock, so the run that
takes a dead owner's lock over removes them)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from netauto.db.engine import error_text, get_engine
from netauto.db.lock_owner import this_machine, this_process
from netauto.db.locks import DeviceLock
from netauto.db.types import utcnow
from netauto.exceptions import DatabaseError


def holders(url: str) -> list[DeviceLock]:
    """Every lock currently held (expired ones included), oldest first."""
    from sqlalchemy.orm import Session

    with Session(get_engine(url)) as session:
        return list(session.scalars(select(DeviceLock).order_by(DeviceLock.acquired_at)))


def _mine(host: str) -> Any:
    return (
        (DeviceLock.host == host)
        & (DeviceLock.owner_pid == this_process())
        & (DeviceLock.owner_host == this_machine())
    )


def set_cleanup(url: str, host: str, lines: Iterable[str]) -> None:
    """Note (or, with no lines, clear) the temporary lines this process's change of ``host``
    has on the router: if the process dies, the run that takes its lock over removes them.
    """
    text = "\n".join(lines) or None
    try:
        with get_engine(url).begin() as connection:
            connection.execute(update(DeviceLock).where(_mine(host)).values(cleanup=text))
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"cannot note {host}'s temporary lines in its lock: {error_text(exc)}"
        ) from None


def inherited_cleanup(url: str, hosts: Iterable[str]) -> dict[str, list[str]]:
    """The temporary lines left on ``hosts`` by dead runs whose locks this process took over."""
    try:
        with get_engine(url).connect() as connection:
            rows = connection.execute(
                select(DeviceLock.host, DeviceLock.cleanup).where(
                    DeviceLock.host.in_(list(hosts)),
                    DeviceLock.owner_pid == this_process(),
                    DeviceLock.owner_host == this_machine(),
                    DeviceLock.cleanup.is_not(None),
                )
            ).all()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read the change locks: {error_text(exc)}") from None
    return {host: text.splitlines() for host, text in rows if text}


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
