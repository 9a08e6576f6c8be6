"""The writer: drains the record queue into the database in batches.

Worker threads only ever append to a queue (``put``/``put_later``), so recording never blocks a
run. The writer's thread builds the records of a batch, then hands it to a storer thread that
writes it while the next batch is built; batches are stored in the order they were taken, and
a ``flush`` returns once everything queued before it is stored or spooled. Where a batch goes
is :class:`~netauto.oplog.sink.RecordSink`'s: when the database cannot be reached, the batch
goes to the spool and the writer stops trying for ``retry_after`` seconds; spooled records are
replayed when the database is back (at the start of the next writer, at close, or by
``netauto ops replay``).

The writer never goes silent: a spool line it cannot read is quarantined (``Spool``), and
results it could neither store nor spool, or a writer thread that died, are counted in
``lost`` and said in ``failure``: the run that owns the writer reports it and fails.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netauto.db.records import DeviceRecord, Record, coalesce, scrub
from netauto.exceptions import DatabaseError
from netauto.oplog.sink import RecordSink

log = logging.getLogger(__name__)

# Work a producer defers to the writer thread: a function returning a record, and its args.
Deferred = tuple[Callable[..., Record | None], tuple[Any, ...]]
_STOP = object()


class OplogWriter(RecordSink):
    """The queue, the builder and storer threads; what a batch becomes: :class:`RecordSink`."""

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
        super().__init__(database_url, spool_file, retry_after=retry_after)
        self.on_start = on_start
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        # Set by flush() and close(): someone waits, the builder's pause ends at once.
        self._hurry = threading.Event()
        self._thread: threading.Thread | None = None

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
        self._hurry.set()
        return reached.wait(timeout)

    def start(self) -> OplogWriter:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="netauto-oplog", daemon=True)
            self._thread.start()
        return self

    def close(self, timeout: float | None = 30) -> None:
        if self._thread is None:
            self.release()  # a writer that only replayed
            return
        self._queue.put(_STOP)
        self._hurry.set()
        self._thread.join(timeout)
        if self._thread.is_alive() and self.failure is None:
            self.failure = f"the operations-log writer did not finish within {timeout:g}s"
        self._thread = None

    # -- the writer thread ------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._serve()
        except BaseException as exc:  # never silent: say it, and keep what can be kept
            log.exception("operations log: the writer stopped")
            self.failure = f"the writer stopped: {type(exc).__name__}: {exc}"
            self._salvage()
        finally:
            self.release()  # on every path: the connection is never left to the collector

    def _salvage(self) -> None:
        """After a crash: spool what is still queued, release whoever waits on a flush."""
        items: list[object] = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, threading.Event):
                item.set()
            elif item is not _STOP:
                items.append(item)
        self._spool_or_lose(self._build(items))

    def _serve(self) -> None:
        if self.on_start is not None:
            try:
                self.on_start()
            except DatabaseError as exc:
                # Results still reach the spool; they are replayed when the database is back.
                self.last_error = str(exc)
                log.warning("operations log unavailable, results will be spooled: %s", exc)
        self.replay()
        self._close_stale()
        # Two stages: this thread builds a batch while the storer waits on the database
        # with the previous one (at most two batches in between: memory stays bounded).
        stage: queue.Queue[tuple[list[Record], list[threading.Event]] | None] = queue.Queue(2)
        storer = threading.Thread(
            target=self._store_stage, args=(stage,), name="netauto-oplog-store", daemon=True
        )
        storer.start()
        try:
            stopping = False
            while not stopping:
                items, markers, stopping = self._take()
                stage.put((self._build(items) if items else [], markers))
        finally:
            stage.put(None)
            storer.join()
        self.replay()
        self.release()

    def _take(self) -> tuple[list[object], list[threading.Event], bool]:
        """The next batch of queued items, the flush markers among them, whether to stop."""
        first = self._queue.get()
        if (
            first is not _STOP
            and not isinstance(first, threading.Event)
            and self._queue.qsize() < 100
        ):
            # Let a burst pile up, then take it in one go: waking for every item would fight
            # the run's worker threads for the GIL. (With a backlog already there: at once.)
            self._hurry.wait(self.flush_interval)
        self._hurry.clear()  # before draining: a flush queued after this wakes the next pause
        items: list[object] = []
        markers: list[threading.Event] = []
        item: object = first
        while True:
            if item is _STOP:
                return items, markers, True
            if isinstance(item, threading.Event):
                markers.append(item)
            else:
                items.append(item)
            if len(items) >= self.batch_size:
                return items, markers, False
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return items, markers, False

    def _store_stage(
        self, stage: queue.Queue[tuple[list[Record], list[threading.Event]] | None]
    ) -> None:
        """The storer thread: each built batch into the database (or the spool), in order;
        a flush marker is released once everything queued before it is."""
        while (job := stage.get()) is not None:
            batch, markers = job
            try:
                if batch:
                    self._write(batch)
            except BaseException as exc:  # never silent; the builder goes on
                log.exception("operations log: the storer failed")
                self.failure = f"the writer stopped: {type(exc).__name__}: {exc}"
                self._spool_or_lose(batch)
            finally:
                for marker in markers:
                    marker.set()

    def _build(self, items: list[object]) -> list[Record]:
        """The records of ``items``, built, newest per id, scrubbed.

        A row's start and end usually arrive in one batch: only the end is kept, so the
        start is neither scrubbed nor stored (what the database would keep anyway).
        """
        runs, ops, devices = coalesce(self._built(items))
        batch: list[Record] = [*runs, *ops]
        batch += [DeviceRecord(name, values) for name, values in devices.items()]
        return [scrub(record) for record in batch]

    def _built(self, items: list[object]) -> list[Record]:
        batch: list[Record] = []
        for item in items:
            if isinstance(item, tuple):
                try:
                    built = item[0](*item[1])
                except Exception as exc:  # a bad result must not stop the writer
                    log.exception("operations log: cannot build a record")
                    self.lost += 1
                    self.failure = f"cannot build a record: {type(exc).__name__}: {exc}"
                    continue
                if built is not None:
                    batch.append(built)
            else:
                batch.append(item)  # type: ignore[arg-type]
        return batch
