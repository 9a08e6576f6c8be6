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

from netauto.notify.channels import DeliveryError, send

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


class Drainer:
    """A daemon thread draining the outbox every ``every`` seconds until stopped."""

    def __init__(self, url: str, settings: Settings, every: float = 2.0) -> None:
        self.url = url
        self.settings = settings
        self.every = every
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="netauto-notify", daemon=True)

    def start(self) -> Drainer:
        self.thread.start()
        return self

    def _loop(self) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from netauto.exceptions import NetautoError

        while not self.stopped.is_set():
            try:
                drain(self.url, self.settings)
            except (NetautoError, SQLAlchemyError, OSError) as error:
                log.warning("notification outbox not drained: %s", error)
            self.stopped.wait(self.every)

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)
