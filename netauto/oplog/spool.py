"""A local append-only spool for records the database could not take.

JSON lines, one record each, guarded by an advisory file lock so several processes can spool
and replay at once. Replay is safe to repeat: the store upserts by record id. A line that
cannot be read back (truncated by a crash, edited by hand) is moved to ``<spool>.bad`` and
counted, never allowed to block the lines after it. Both files hold device output and are
created readable by the owner only.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from netauto.db.records import Record, from_json, to_json
from netauto.private import private_file
from netauto.text import plural


class Spool:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.quarantined = 0  # bad lines this object moved to the .bad file

    @property
    def bad_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bad")

    @contextmanager
    def _locked(self, mode: str) -> Iterator[IO[str]]:
        private_file(self.path)
        with open(self.path, mode, encoding="utf-8", errors="replace") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield handle
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def append(self, records: Iterable[Record]) -> int:
        lines = [json.dumps(to_json(record), default=str) + "\n" for record in records]
        with self._locked("a") as handle:
            handle.writelines(lines)
            handle.flush()
            os.fsync(handle.fileno())
        return len(lines)

    def pending(self) -> int:
        if not self.path.exists():
            return 0
        with open(self.path, encoding="utf-8", errors="replace") as handle:
            return sum(1 for line in handle if line.strip())

    def _quarantine(self, handle: IO[str], good: list[str], bad: list[str]) -> None:
        """Move ``bad`` lines to the .bad file and keep only ``good`` ones in the spool."""
        private_file(self.bad_path)
        with open(self.bad_path, "a", encoding="utf-8") as quarantine:
            quarantine.writelines(line if line.endswith("\n") else line + "\n" for line in bad)
            quarantine.flush()
            os.fsync(quarantine.fileno())
        handle.seek(0)
        handle.truncate()
        handle.writelines(good)
        handle.flush()
        os.fsync(handle.fileno())
        self.quarantined += len(bad)

    def replay(self, store: Callable[[list[Record]], None]) -> int:
        """Hand every spooled record to ``store``; empty the spool only if it succeeds."""
        if not self.path.exists():
            return 0
        with self._locked("r+") as handle:
            records: list[Record] = []
            good: list[str] = []
            bad: list[str] = []
            for line in handle:
                if not line.strip():
                    continue
                try:
                    records.append(from_json(json.loads(line)))
                except (ValueError, KeyError, TypeError, AttributeError):
                    bad.append(line)
                else:
                    good.append(line)
            if bad:
                self._quarantine(handle, good, bad)
            if records:
                store(records)
            handle.seek(0)
            handle.truncate()
        return len(records)

    def problem(self) -> str | None:
        """What the replays of this object quarantined, for a run's warnings."""
        if not self.quarantined:
            return None
        return (
            f"{plural(self.quarantined, 'unreadable line')} of the spool {self.path} moved to "
            f"{self.bad_path}"
        )
