"""The writer thread: drains the record queue into the database in batches.

Worker threads only ever append to a queue (``put``/``put_later``), so recording never blocks a
run; records are built and stored by this one thread. When the database cannot be reached,
the batch goes to the spool and the writer stops trying for ``retry_after`` seconds; spooled
records are replayed when the database is back (at the start of the next writer, at close,
or by ``netauto ops replay``).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netauto.exceptions import DatabaseError
from netauto.oplog.records import Record
from netauto.oplog.spool import Spool

if TYPE_CHECKING:
    from netauto.oplog.store import Store

log = logging.getLogger(__name__)

# Work a producer defers to the writer thread: a function returning a record, and its args.
Deferred = tuple[Callable[..., Record | None], tuple[Any, ...]]
_STOP = object()


class OplogWriter:
    def __init__(
        self,
        database_url: str,
        spool_file: Path,
        *,
        batch_size: int = 5000,
        flush_interval: float = 0.05,
        retry_after: float = 5.0,
        on_start: Callable[[], object] | None = None,
    ) -> None:
        self.database_url = database_url
        self.on_start = on_start
        self._store: Store | None = None
        self.spool = Spool(spool_file)
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.retry_after = retry_after
        self.stored = 0
        self.spooled = 0
        self.replayed = 0
        self.last_error: str | None = None
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._down_until = 0.0
        self._spool_dirty = False
        self._thread: threading.Thread | None = None

    @property
    def store(self) -> Store:
        # SQLAlchemy is imported here, in the writer thread, while the run talks to routers.
        if self._store is None:
            from netauto.oplog.store import Store

            self._store = Store(self.database_url)
        return self._store

    # -- called from any thread -------------------------------------------------------------
    def put(self, record: Record) -> None:
        self._queue.put(record)

    def put_later(self, build: Callable[..., Record | None], *args: Any) -> None:
        """Queue ``build(*args)``: the writer thread builds the record, off the hot path."""
        self._queue.put((build, args))

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every record queued so far is stored or spooled."""
        if self._thread is None:
            return True
        reached = threading.Event()
        self._queue.put(reached)
        return reached.wait(timeout)

    def start(self) -> OplogWriter:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="netauto-oplog", daemon=True)
            self._thread.start()
        return self

    def close(self, timeout: float | None = 30) -> None:
        if self._thread is None:
            return
        self._queue.put(_STOP)
        self._thread.join(timeout)
        self._thread = None

    # -- the writer thread ------------------------------------------------------------------
    def _run(self) -> None:
        if self.on_start is not None:
            try:
                self.on_start()
            except DatabaseError as exc:
                # Results still reach the spool; they are replayed when the database is back.
                self.last_error = str(exc)
                log.warning("operations log unavailable, results will be spooled: %s", exc)
        self.replay()
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is not _STOP and not isinstance(first, threading.Event):
                # Let a burst pile up, then take it in one go: waking for every item would
                # fight the run's worker threads for the GIL.
                time.sleep(self.flush_interval)
            items: list[object] = []
            markers: list[threading.Event] = []
            item: object = first
            while True:
                if item is _STOP:
                    stopping = True
                elif isinstance(item, threading.Event):
                    markers.append(item)
                else:
                    items.append(item)
                if stopping or len(items) >= self.batch_size:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if items:
                self._write(items)
            for marker in markers:
                marker.set()
        self.replay()

    def _build(self, items: list[object]) -> list[Record]:
        batch: list[Record] = []
        for item in items:
            if isinstance(item, tuple):
                try:
                    built = item[0](*item[1])
                except Exception:  # a bad result must not stop the writer
                    log.exception("operations log: cannot build a record")
                    continue
                if built is not None:
                    batch.append(built)
            else:
                batch.append(item)  # type: ignore[arg-type]
        return batch

    def _write(self, items: list[object]) -> None:
        batch = self._build(items)
        if not batch:
            return
        try:
            if time.monotonic() < self._down_until:
                raise DatabaseError(self.last_error or "database unavailable")
            self.store.store(batch)
            self.stored += len(batch)
            if self._spool_dirty:
                self.replay()
        except DatabaseError as exc:
            if time.monotonic() >= self._down_until:
                log.warning("operations log: %s; spooling to %s", exc, self.spool.path)
                self._down_until = time.monotonic() + self.retry_after
            self.last_error = str(exc)
            self.spool.append(batch)
            self.spooled += len(batch)
            self._spool_dirty = True

    def replay(self) -> int:
        """Store what earlier runs spooled; keeps the spool if the database is still down."""
        try:
            count = self.spool.replay(self.store.store)
        except DatabaseError as exc:
            self.last_error = str(exc)
            return 0
        self.replayed += count
        self._spool_dirty = False
        return count
