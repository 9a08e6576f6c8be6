"""A local append-only spool for records the database could not take.

JSON lines, one record each, guarded by an advisory file lock so several processes can spool
and replay at once. Replay is safe to repeat: the store upserts by record id.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from netauto.oplog.records import Record, from_json, to_json


class Spool:
    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _locked(self, mode: str) -> Iterator[IO[str]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, mode, encoding="utf-8") as handle:
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
        with open(self.path, encoding="utf-8") as handle:
            return sum(1 for line in handle if line.strip())

    def replay(self, store: Callable[[list[Record]], None]) -> int:
        """Hand every spooled record to ``store``; empty the spool only if it succeeds."""
        if not self.path.exists():
            return 0
        with self._locked("r+") as handle:
            records = [from_json(json.loads(line)) for line in handle if line.strip()]
            if records:
                store(records)
            handle.seek(0)
            handle.truncate()
        return len(records)
