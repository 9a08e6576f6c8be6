"""Drain the outbox: send what is due, retry what failed with backoff, record every error.

Run by the scheduler and the syslog listener (:class:`Drainer`, a thread), or once by
``netauto notify drain``. A run never waits for it: runs only write the outbox.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from netauto.exceptions import NetautoError
from netauto.notify.channels import DeliveryError, send
from netauto.text import noun, plural

if TYPE_CHECKING:
    from netauto.settings import Settings

log = logging.getLogger(__name__)
FIRST_RETRY = 15.0  # seconds; doubled at each failure
LONGEST_RETRY = 3600.0


def backoff(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failed ones (15 s, 30 s ... 1 h)."""
    return float(min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY))


@dataclass
class Drained:
    sent: int = 0
    failed: int = 0


def drain(url: str, settings: Settings, *, now: datetime | None = None) -> Drained:
    """Send every due outbox row once; ``now``: the time "due" is judged at (tests, retry)."""
    from netauto.db.events import due_items, mark_retry, mark_sent
    from netauto.db.notify import channels

    known = {channel.name: channel for channel in channels(url)}
    done = Drained()
    for item_id, name, attempts, event in due_items(url, now=now):
        channel = known.get(name)
        try:
            if channel is None:
                raise DeliveryError(f"channel {name} no longer exists")
            send(settings, channel, event)
        except DeliveryError as error:
            done.failed += 1
            mark_retry(url, item_id, error=str(error), delay=backoff(attempts + 1))
            log.warning("notification %s to %s not delivered: %s", event.id, name, error)
            continue
        mark_sent(url, item_id)
        done.sent += 1
    return done


SPOOL_STUCK = 300.0  # seconds results may wait in the spool before it is told


class SpoolWatch:
    """Tells ``spool_not_draining`` once when results have waited in the spool too long."""

    def __init__(self, url: str, settings: Settings, after: float = SPOOL_STUCK) -> None:
        self.url = url
        self.path = settings.spool_file
        self.key = f"spool:{self.path}"[-200:]  # alert_states.key is 200 characters
        self.after = after
        self.since: float | None = None

    def check(self) -> int | None:
        import time

        from netauto.notify.emit import emit, transition
        from netauto.oplog.spool import Spool

        waiting = Spool(self.path).pending()
        now = time.monotonic()
        if not waiting:
            self.since = None
            transition(self.url, self.key, "draining")
            return None
        self.since = now if self.since is None else self.since
        if now - self.since < self.after:
            return None
        changed, _ = transition(self.url, self.key, "stuck")
        if not changed:
            return None
        return emit(
            self.url,
            kind="spool_not_draining",
            severity="error",
            text=f"{plural(waiting, 'result')} {noun(waiting, 'has', 'have')} waited in the "
            f"spool {self.path} for over "
            f"{self.after:.0f} s (netauto ops replay)",
            data={"pending": waiting},
        )


class Drainer:
    """A daemon thread draining the outbox every ``every`` seconds until stopped (and
    watching the spool)."""

    def __init__(self, url: str, settings: Settings, every: float = 2.0) -> None:
        self.url = url
        self.settings = settings
        self.every = every
        self.spool = SpoolWatch(url, settings)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="netauto-notify", daemon=True)

    def start(self) -> Drainer:
        self.thread.start()
        return self

    def _loop(self) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        while not self.stopped.is_set():
            try:
                self.spool.check()
                drain(self.url, self.settings)
            except (NetautoError, SQLAlchemyError, OSError) as error:
                log.warning("notification outbox not drained: %s", error)
            self.stopped.wait(self.every)

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)
