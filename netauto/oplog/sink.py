"""Where the writer's batches go: the database, else the spool.

When the database cannot be reached, a batch goes to the spool and storing stops for
``retry_after`` seconds; spooled records are replayed when the database is back. Results
neither stored nor spooled are counted in ``lost`` and said in ``failure``.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from netauto.db.records import Record
from netauto.exceptions import DatabaseError
from netauto.oplog.spool import Spool, store_apart
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.db.oplog_store import Store
    from netauto.db.stale import ClosedRun

log = logging.getLogger("netauto.oplog.writer")  # one logger for the writer's messages


class RecordSink:
    """A batch into the database or the spool; the spool replayed; what went wrong, kept."""

    def __init__(self, database_url: str, spool_file: Path, *, retry_after: float = 5.0) -> None:
        self.database_url = database_url
        self._store: Store | None = None
        self.spool = Spool(spool_file)
        self.retry_after = retry_after
        self.stored = 0
        self.spooled = 0
        self.replayed = 0
        self.last_error: str | None = None
        self.failure: str | None = None  # results were lost, or the thread died
        self.closed_stale: list[ClosedRun] = []
        self.lost = 0
        self._down_until = 0.0
        self._spool_dirty = False

    @property
    def store(self) -> Store:
        # SQLAlchemy is imported here, in the writer thread, while the run talks to routers.
        if self._store is None:
            from netauto.db.oplog_store import Store

            self._store = Store(self.database_url)
        return self._store

    def release(self) -> None:
        """Close the store's database connection (the next store opens it again)."""
        if self._store is not None:
            self._store.close()

    def problems(self) -> tuple[list[str], str | None]:
        """(warnings, failure): quarantined spool lines; lost results or a dead writer."""
        warnings = [problem] if (problem := self.spool.problem()) else []
        if self.failure is None:
            return warnings, None
        lost = f"; {plural(self.lost, 'result')} not recorded" if self.lost else ""
        return warnings, f"operations log failed: {self.failure}{lost}"

    def _spool_or_lose(self, batch: list[Record]) -> None:
        try:
            self.spooled += self.spool.append(batch)
        except Exception:
            self.lost += len(batch)

    def _close_stale(self) -> None:
        """Runs of dead processes of this machine, left ``running``: closed as failed."""
        if self.last_error is not None:
            return
        from netauto.db.stale import close_stale

        try:
            # On the store's connection: opened now, while the run's threads log in, not
            # when the first batch is due.
            self.closed_stale = close_stale(self.database_url, database=self.store.database())
        except DatabaseError as exc:
            log.warning("operations log: %s", exc)
            self.store.close()  # the next batch opens a fresh connection
        for run in self.closed_stale:
            log.warning("operations log: run %s (%s) %s", run.id, run.runbook, run.reason)

    def _write(self, batch: list[Record]) -> None:
        try:
            if time.monotonic() < self._down_until:
                raise DatabaseError(self.last_error or "database unavailable")
            # A record naming a run still in the spool: the batch is spooled behind it.
            refused = store_apart(self.store.store, batch, references=False)
            if refused:
                log.warning(
                    "operations log: the database refused %s", plural(len(refused), "record")
                )
                self.spool.refuse(refused)
            self.stored += len(batch) - len(refused)
            if self._spool_dirty:
                self.replay()
        except Exception as exc:
            if not isinstance(exc, DatabaseError):
                # Not an outage: a bug or bad data. Keep the batch; the run must not pass.
                log.exception("operations log: cannot store a batch")
                self.failure = f"cannot store results: {type(exc).__name__}: {exc}"
            if time.monotonic() >= self._down_until:
                log.warning("operations log: %s; spooling to %s", exc, self.spool.path)
                self._down_until = time.monotonic() + self.retry_after
            self.last_error = str(exc)
            try:
                self.spool.append(batch)
            except OSError as spool_exc:
                self.lost += len(batch)
                self.failure = (
                    f"database unreachable ({exc}) and cannot spool to {self.spool.path}: "
                    f"{spool_exc.strerror or spool_exc}"
                )
                return
            self.spooled += len(batch)
            self._spool_dirty = True

    def replay(self) -> int:
        """Store what earlier runs spooled; keeps the spool if the database is still down."""
        try:
            count = self.spool.replay(self.store.store)
        except DatabaseError as exc:
            self.last_error = str(exc)
            return 0
        except OSError as exc:
            self.last_error = f"cannot read the spool {self.spool.path}: {exc.strerror or exc}"
            return 0
        except Exception as exc:
            log.exception("operations log: cannot replay the spool")
            self.last_error = f"cannot replay the spool: {type(exc).__name__}: {exc}"
            return 0
        self.replayed += count
        self._spool_dirty = False
        return count
