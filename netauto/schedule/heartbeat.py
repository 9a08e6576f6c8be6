"""The scheduler's heartbeat: a small file it rewrites every tick, read by ``GET /readyz``.

``.netauto/scheduler.heartbeat`` beside config.yaml holds ``{"pid", "host", "beat",
"poll"}``. A scheduler writes it at every tick and removes it when it stops cleanly, so:

- a fresh file: a scheduler runs and ticks;
- a stale file: a scheduler died (or hangs) without stopping: its schedules do not fire;
- no file: no scheduler runs here (never started, or stopped on purpose).

A file beside the project, not a table: the web and the scheduler of one deployment share
the project folder (docs/deploy.md), and the check costs no database round trip. Written to a
temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FILE = "scheduler.heartbeat"
# Stale after this many polls without a beat (and never sooner than MIN_STALE seconds): a
# tick that reads the due schedules from a slow database may take a few seconds.
STALE_POLLS = 10
MIN_STALE = 30.0


@dataclass(frozen=True)
class Beat:
    pid: int
    host: str
    beat: datetime
    poll: float

    def age(self, now: datetime) -> float:
        return (now - self.beat).total_seconds()

    def fresh(self, now: datetime) -> bool:
        return self.age(now) <= max(MIN_STALE, STALE_POLLS * self.poll)


def path_of(state_dir: Path) -> Path:
    return state_dir / FILE


def write(state_dir: Path, *, poll: float, now: datetime | None = None) -> None:
    """Record a beat of this process (called at every tick)."""
    beat = now or datetime.now(UTC)
    text = json.dumps(
        {"pid": os.getpid(), "host": socket.gethostname(), "beat": beat.isoformat(), "poll": poll}
    )
    target = path_of(state_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f"{FILE}.{os.getpid()}")
    temporary.write_text(text)
    os.replace(temporary, target)


def read(state_dir: Path) -> Beat | None:
    """The last beat, None when no scheduler left one (or the file is unreadable)."""
    try:
        found = json.loads(path_of(state_dir).read_text())
        return Beat(
            pid=int(found["pid"]),
            host=str(found["host"]),
            beat=datetime.fromisoformat(found["beat"]),
            poll=float(found["poll"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove(state_dir: Path) -> None:
    """A clean stop: no scheduler runs here any more (only this process's own beat)."""
    found = read(state_dir)
    if found is not None and found.pid == os.getpid():
        with contextlib.suppress(FileNotFoundError):
            path_of(state_dir).unlink()
