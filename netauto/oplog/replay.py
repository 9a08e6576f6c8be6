"""Replay the spool: store the records runs spooled while the database was unreachable.

``netauto ops replay`` (through ``project.spool.replay()``) calls :func:`replay_spool`; every
recorded run also replays what it finds when its writer starts. Safe to repeat: the store
upserts by record id. Lines that cannot be read back are moved to ``<spool>.bad``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from netauto.exceptions import DatabaseError
from netauto.text import plural


@dataclass(frozen=True)
class Replay:
    """What one replay did: records stored, records still pending and why."""

    spool: Path
    found: int  # records pending before the replay
    replayed: int
    pending: int  # records still in the spool afterwards
    error: str | None = None  # why they are still pending (the database's error)
    problem: str | None = None  # unreadable lines moved to the .bad file

    def check(self) -> None:
        """Raise DatabaseError (exit 1) when records are still pending or lines were bad."""
        if self.pending:
            raise DatabaseError(
                f"{plural(self.pending, 'record')} still pending in {self.spool}: {self.error}"
            )
        if self.problem:
            raise DatabaseError(self.problem)


def replay_spool(url: str, spool: Path, *, prepare: Callable[[], object] | None = None) -> Replay:
    """Store every spooled record into ``url``; ``prepare`` runs first (the schema check).

    The spool is emptied only of what was stored; an unreachable database is not raised but
    reported (``pending``, ``error``).
    """
    from netauto.oplog.spool import Spool
    from netauto.oplog.writer import OplogWriter

    found = Spool(spool).pending()
    if not found:
        return Replay(spool, 0, 0, 0)
    replayed, error, problem = 0, None, None
    try:
        if prepare is not None:
            prepare()
        writer = OplogWriter(url, spool)
        replayed = writer.replay()
        writer.close()
        error, problem = writer.last_error, writer.spool.problem()
    except DatabaseError as exc:
        error = str(exc)
    return Replay(spool, found, replayed, Spool(spool).pending(), error, problem)
