"""Holding a schedule's lease while its fire goes on: a heartbeat renews it.

The compare-and-set updates that claim a due slot exactly once, take, renew and release a
lease are :mod:`netauto.db.leases`' (re-exported here, as the scheduler and manage use them).
"""

from __future__ import annotations

import threading
import uuid
from types import TracebackType

from netauto.db.leases import LEASE_SECONDS, advance, claim, release, renew, take

__all__ = ["LEASE_SECONDS", "Heartbeat", "advance", "claim", "release", "renew", "take"]


class Heartbeat:
    """Renews a lease every third of its lifetime until the block ends."""

    def __init__(self, url: str, task_id: uuid.UUID, holder: str, ttl: float = LEASE_SECONDS):
        self.url = url
        self.task_id = task_id
        self.holder = holder
        self.ttl = ttl
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="netauto-lease", daemon=True)

    def _beat(self) -> None:
        while not self._stop.wait(self.ttl / 3):
            try:
                renew(self.url, self.task_id, self.holder, self.ttl)
            except Exception:  # a database hiccup: the next beat tries again
                continue

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
