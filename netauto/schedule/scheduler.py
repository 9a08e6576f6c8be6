"""The scheduler's loop: each tick, fire what is due, each fire in its own thread.

Each tick reads the due schedules from the database, so an added, edited, disabled or
removed schedule takes effect at the next tick without a restart. For each due schedule:

- its previous fire still runs (a live lease, here or in another scheduler): the slot is
  skipped, once, and the skip is a ``skipped`` run linked to the schedule;
- else the slot is claimed (exactly one scheduler wins it) and the runbook runs in a thread
  that keeps the lease alive until the run ends.

The next run is the first slot after now: after downtime a schedule fires once. On stop
(:meth:`Scheduler.wait`), nothing new starts and running fires get a bounded time to end.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from netauto.clock import utcnow
from netauto.db import fires as record
from netauto.schedule import lease, store
from netauto.schedule.fire import fire
from netauto.schedule.store import Schedule

if TYPE_CHECKING:
    from netauto.project import Project

log = logging.getLogger("netauto.schedule")


def holder_name(suffix: str = "") -> str:
    """Who holds a lease: host and pid (and what for), shown by ``netauto scheduler status``."""
    return f"{socket.gethostname()}:{os.getpid()}{suffix}"


@dataclass
class _Fire:
    schedule: Schedule
    thread: threading.Thread
    started: datetime


class Scheduler:
    """Fires due schedules of one database; :meth:`tick` is one pass."""

    def __init__(self, project: Project, *, lease_ttl: float = lease.LEASE_SECONDS) -> None:
        self.project = project
        self.url = project.url  # the schema checked here, once
        self.holder = holder_name()
        self.lease_ttl = lease_ttl
        self.running: dict[uuid.UUID, _Fire] = {}
        self.abandoned = threading.Event()
        self._lock = threading.Lock()

    def tick(self, now: datetime | None = None) -> list[str]:
        """Fire (or skip) every due schedule once; returns the names of the fires started."""
        now = now or utcnow()
        started = []
        for schedule in store.due(self.url, now):
            assert schedule.next_run is not None  # due() only returns scheduled ones
            next_run = schedule.timing.next_after(now, schedule.next_run)
            if schedule.running or schedule.id in self.running:
                self._skip(schedule, next_run)
            elif lease.claim(
                self.url, schedule.id, schedule.next_run, next_run, self.holder, now, self.lease_ttl
            ):
                self._start(schedule)
                started.append(schedule.name)
        return started

    def _skip(self, schedule: Schedule, next_run: datetime) -> None:
        assert schedule.next_run is not None
        if not lease.advance(self.url, schedule.id, schedule.next_run, next_run):
            return  # another scheduler handled this slot
        reason = f"previous fire still running (lease of {schedule.locked_by or self.holder})"
        run_id = record.fire_run(
            self.url, schedule, status="skipped", reason=reason, username=schedule.owner
        )
        from netauto.notify.emit import safely

        safely(
            self.url,
            kind="fire_skipped",
            severity="warning",
            text=f"schedule {schedule.name} skipped: {reason}",
            run_id=str(run_id),
            data={"schedule": schedule.name},
        )
        log.info("skipped %s: %s", schedule.name, reason)

    def _start(self, schedule: Schedule) -> None:
        thread = threading.Thread(
            target=self._fire, args=(schedule,), name=f"netauto-fire-{schedule.name}", daemon=True
        )
        with self._lock:
            self.running[schedule.id] = _Fire(schedule, thread, utcnow())
        log.info("firing %s (%s)", schedule.name, schedule.runbook)
        thread.start()

    def _fire(self, schedule: Schedule) -> None:
        try:
            with lease.Heartbeat(self.url, schedule.id, self.holder, self.lease_ttl):
                fire(
                    self.project,
                    schedule,
                    user=schedule.owner,
                    holder=self.holder,
                    abandoned=self.abandoned,
                )
        except Exception:  # the database went away mid-fire: log it, keep the loop alive
            log.exception("schedule %s: the fire could not be recorded", schedule.name)
        finally:
            with self._lock:
                self.running.pop(schedule.id, None)

    def names(self) -> list[str]:
        with self._lock:
            return sorted(each.schedule.name for each in self.running.values())

    def wait(self, timeout: float, interrupted: threading.Event | None = None) -> list[str]:
        """Wait up to ``timeout`` s for the running fires; the names still running after it."""
        deadline = time.monotonic() + timeout
        while self.names() and time.monotonic() < deadline:
            if interrupted is not None and interrupted.is_set():
                break
            time.sleep(0.1)
        return self.names()

    def abandon(self) -> None:
        """Give up on the fires still running (the process is leaving): record them failed."""
        self.abandoned.set()
        with self._lock:
            left = list(self.running.values())
        for each in left:
            schedule = each.schedule
            reason = "the scheduler stopped before the run ended"
            opened = record.started_run(self.url, schedule.id, each.started)
            if opened is not None:
                record.fail_run(self.url, opened, reason)
            lease.release(
                self.url, schedule.id, self.holder, status="failed", run_id=opened, error=reason
            )
            log.warning("abandoned %s: %s", schedule.name, reason)
