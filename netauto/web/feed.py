"""Live events for pages and API clients: changes of the operations log, runs started here.

One watcher thread per web process follows ``operations_log`` through the project
(``project.operations.changes``, ``listener``) by ``updated_at`` (indexed): a
row is inserted ``running`` and updated when it ends, by any process (the CLI, the
scheduler, this server). On PostgreSQL it sleeps on ``LISTEN netauto_oplog`` (the trigger of
migration 0005 notifies once per statement) with a slow safety poll; on SQLite it polls every
second. Rows are re-read over a short look-back window, because writers stamp rows with their
own clock and commit in batches: a row may become visible a little after a newer one. Each
(id, status, time) is sent once.

Subscribers (one per server-sent-events stream) get a bounded queue: a client too slow to
keep up is dropped and reconnects. The watcher stops when nobody has listened for a while.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from netauto.clock import utcnow
from netauto.text import first_line

if TYPE_CHECKING:
    from netauto.db.rows import OperationRow
    from netauto.project import Project

BATCH = 500
MAX_ROWS = 2000
log = logging.getLogger("netauto.web")


@dataclass(frozen=True)
class Event:
    kind: str  # "op" (an operations-log row), "job" or "progress" (runs started here)
    data: dict[str, Any]

    def sse(self) -> str:
        return f"event: {self.kind}\ndata: {json.dumps(self.data, default=str)}\n\n"


class FeedFull(Exception):
    """Too many live streams are open on this server, or by this user (``per_user``)."""

    def __init__(self, message: str, *, per_user: bool = False) -> None:
        super().__init__(message)
        self.per_user = per_user


class Subscription:
    """One stream's queue. ``gone``: whether its client went away (the server knows at once,
    the stream only when it next wakes up)."""

    def __init__(
        self,
        feed: Feed,
        size: int,
        owner: str | None = None,
        gone: Callable[[], bool] | None = None,
    ) -> None:
        self.feed = feed
        self.owner = owner
        self.queue: queue.Queue[Event] = queue.Queue(maxsize=size)
        self.dropped = False
        self.gone = gone or (lambda: False)

    def get(self, timeout: float) -> Event | None:
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        self.feed.unsubscribe(self)


class _Waiter(Protocol):
    def wait(self, timeout: float) -> None: ...

    def close(self) -> None: ...


class _Sleeper:
    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop

    def wait(self, timeout: float) -> None:
        self.stop.wait(timeout)

    def close(self) -> None:
        pass


class Feed:
    """Fans events out to subscribers; watches the operations log while anyone listens."""

    def __init__(
        self,
        project: Project,
        *,
        poll: float = 1.0,
        safety_poll: float = 5.0,
        lookback: float = 10.0,
        max_subscribers: int = 24,
        per_user: int = 4,
        recheck: float = 5.0,
        idle: float = 60.0,
    ) -> None:
        self.project = project  # the log is read through project.operations
        self.poll = poll
        self.safety_poll = safety_poll
        self.lookback = timedelta(seconds=lookback)
        self.max_subscribers = max_subscribers
        self.per_user = per_user  # streams one user may hold (a few tabs), of the whole
        self.recheck = recheck  # seconds between checks that a stream's user may still read
        self.idle = idle
        self._subscribers: set[Subscription] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_listener = time.monotonic()
        self._last: datetime | None = None
        self.ready = threading.Event()  # set once the watcher has read where the log stands
        self._seen: dict[uuid.UUID, tuple[str, datetime]] = {}

    @property
    def listening(self) -> bool:
        """Whether the watcher waits on PostgreSQL notifications (else it polls)."""
        return self.project.operations.notifies()

    def subscribe(
        self, size: int = 1000, *, owner: str | None = None, gone: Callable[[], bool] | None = None
    ) -> Subscription:
        """A new stream; ``owner`` (a user) may hold at most ``per_user`` of them. Streams of
        the owner whose client went away (a page just left) are dropped first, not counted."""
        with self._lock:
            if owner is not None:
                for left in [s for s in self._subscribers if s.owner == owner and s.gone()]:
                    left.dropped = True  # its stream ends when it next wakes up
                    self._subscribers.discard(left)
                held = sum(1 for s in self._subscribers if s.owner == owner)
                if held >= self.per_user:
                    raise FeedFull(
                        f"you have {held} live streams open already: close a tab", per_user=True
                    )
            if len(self._subscribers) >= self.max_subscribers:
                raise FeedFull(f"{self.max_subscribers} live streams are open already")
            subscription = Subscription(self, size, owner, gone)
            self._subscribers.add(subscription)
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(
                    target=self._watch, name="netauto-web-feed", daemon=True
                )
                self._thread.start()
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers.discard(subscription)
            self._last_listener = time.monotonic()

    def publish(self, event: Event) -> None:
        with self._lock:
            targets = list(self._subscribers)
        for subscription in targets:
            try:
                subscription.queue.put_nowait(event)
            except queue.Full:
                subscription.dropped = True
                self.unsubscribe(subscription)

    def close(self) -> None:
        """Stop watching and end every open stream (the server is shutting down)."""
        self._stop.set()
        with self._lock:
            targets = list(self._subscribers)
        for subscription in targets:
            subscription.dropped = True
            with contextlib.suppress(queue.Full):
                subscription.queue.put_nowait(Event("bye", {}))
        deadline = time.monotonic() + 2.0  # let the streams end before their sockets close
        while self._subscribers and time.monotonic() < deadline:
            time.sleep(0.02)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _idle(self) -> bool:
        with self._lock:
            if self._subscribers or time.monotonic() - self._last_listener < self.idle:
                return False
            self._thread = None
            return True

    def _waiter(self) -> tuple[_Waiter, float]:
        if self.listening:
            try:
                return self.project.operations.listener(self._stop), self.safety_poll
            except Exception as exc:  # no LISTEN: polling still works
                log.warning("live feed: LISTEN failed (%s); polling instead", exc)
        return _Sleeper(self._stop), self.poll

    def _watch(self) -> None:
        waiter, interval = self._waiter()
        try:
            # What changed before anyone listened is not news: remember it, send nothing.
            self._last = None
            self._seen.clear()
            self.ready.clear()
            first = True
            while not self._stop.is_set() and not self._idle():
                try:
                    self.check(publish=not first)
                    first = False
                    self.ready.set()
                except Exception as exc:  # a database hiccup: try again at the next turn
                    log.warning("live feed: %s", first_line(exc))
                    self._stop.wait(interval)
                waiter.wait(interval)
        finally:
            waiter.close()

    def check(self, *, publish: bool = True) -> int:
        """Publish the rows changed since the last check; returns how many were sent.

        More than ``MAX_ROWS`` changed rows at once (a bulk import) are not sent one by one:
        subscribers get one ``reset`` event and re-read what they show.
        """
        now = utcnow()
        since = (self._last or now) - self.lookback
        after: tuple[datetime, uuid.UUID] | None = None
        fresh: list[OperationRow] = []
        operations = self.project.operations
        for _ in range(MAX_ROWS // BATCH):
            rows = operations.changes(since, after=after, limit=BATCH)
            for row, changed_at in rows:
                if self._seen.get(row.id) != (row.status, changed_at):
                    self._seen[row.id] = (row.status, changed_at)
                    fresh.append(row)
            if len(rows) < BATCH:
                break
            after = (rows[-1][1], rows[-1][0].id)  # the next page starts after the last row
        else:
            self._seen.clear()
            self._last = now
            if publish:
                self.publish(Event("reset", {"reason": "many operations changed at once"}))
            return 0
        self._last = now
        horizon = now - 3 * self.lookback
        self._seen = {k: v for k, v in self._seen.items() if v[1] >= horizon}
        if not publish:
            return 0
        for row in fresh:
            self.publish(Event("op", row.to_json()))
        return len(fresh)
