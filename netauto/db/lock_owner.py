"""Who owns a change lock, whether that owner still lives, and the lease its owner renews.

A lock row names its owner: the process id and the machine (``owner_pid``, ``owner_host``).
On the machine that took it, the lock lives exactly as long as that process: once the pid is
gone (kill -9, a crash, an OOM kill) the lock is stale and the next run takes it over at once.
From another machine the pid cannot be checked, so the owner renews a lease
(``renewed_at``) every :data:`RENEW_EVERY` seconds from a background thread (the
:class:`Keeper`); a lock whose lease has not been renewed for :data:`LEASE` seconds is stale
too. ``expires_at`` (the TTL) stays as the last resort, for rows without an owner.

The keeper also retries releases that failed (the database was down when the run ended): a
long-lived process (the scheduler, the web server) never keeps a router locked because of an
outage that is over.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from netauto.clock import utcnow
from netauto.process import pid_alive

log = logging.getLogger(__name__)

LEASE = 90.0  # seconds a lock of another machine stays without its lease being renewed
RENEW_EVERY = 20.0


def this_machine() -> str:
    return socket.gethostname()


def this_process() -> int:
    return os.getpid()


def stale_reason(row: Any, now: datetime | None = None, here: str | None = None) -> str | None:
    """Why the lock ``row`` (a device_locks row) may be taken over, or None while it lives."""
    now = now or utcnow()
    here = here or this_machine()
    pid, machine = row.owner_pid, row.owner_host
    if row.expires_at < now:
        return f"it expired at {row.expires_at:%Y-%m-%d %H:%M:%S} UTC"
    if pid and machine == here:
        return None if pid_alive(pid) else f"its process {pid} on {machine} is gone"
    if pid and machine:
        renewed = row.renewed_at or row.acquired_at
        if renewed < now - timedelta(seconds=LEASE):
            return (
                f"its lease was last renewed at {renewed:%Y-%m-%d %H:%M:%S} UTC "
                f"(process {pid} on {machine})"
            )
    return None


def liveness(row: Any, now: datetime | None = None) -> str:
    """One word for ``netauto locks list``: alive, stale (with why), or unknown."""
    why = stale_reason(row, now)
    if why is not None:
        return f"stale: {why}"
    if row.owner_pid and row.owner_host == this_machine():
        return "alive"
    if row.owner_pid and row.owner_host:
        return "alive (lease renewed)"
    return "unknown owner (expires at the TTL)"


@dataclass(frozen=True)
class Held:
    url: str
    host: str
    token: uuid.UUID


class Keeper:
    """One daemon thread per process: renews the leases it holds, retries failed releases.

    ``renew`` and ``release`` are the lock table's (:data:`netauto.db.locks.KEEPER` is the
    process's keeper).
    """

    def __init__(
        self,
        renew: Callable[[str, str, uuid.UUID], object],
        release: Callable[[str, str, uuid.UUID], object],
        every: float = RENEW_EVERY,
    ) -> None:
        self.renew = renew
        self.release = release
        self.every = every
        self._held: set[Held] = set()
        self._unreleased: set[Held] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()

    def hold(self, held: Held) -> None:
        with self._lock:
            self._held.add(held)
            self._start()

    def forget(self, held: Held, *, released: bool = True) -> None:
        """Stop renewing; an unreleased lock is released again until the database answers."""
        with self._lock:
            self._held.discard(held)
            if not released:
                self._unreleased.add(held)
                self._start()

    def pending(self) -> list[Held]:
        with self._lock:
            return sorted(self._unreleased, key=lambda h: h.host)

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="netauto-locks", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while not self._wake.wait(self.every):
            self.tick()

    def tick(self) -> None:
        """Renew every held lease, retry every failed release (errors only logged)."""
        with self._lock:
            held, unreleased = list(self._held), list(self._unreleased)
        for each in held:
            try:
                self.renew(each.url, each.host, each.token)
            except Exception as exc:  # the database is down: the next tick tries again
                log.debug("cannot renew the lock of %s: %s", each.host, exc)
        for each in unreleased:
            try:
                self.release(each.url, each.host, each.token)
            except Exception as exc:
                log.debug("cannot release the lock of %s yet: %s", each.host, exc)
            else:
                with self._lock:
                    self._unreleased.discard(each)
