"""A local append-only spool for records the database could not take.

JSON lines, one record each, guarded by an advisory file lock so several processes can spool
and replay at once. Replay is safe to repeat: the store upserts by record id. A line that
cannot be read back (truncated by a crash, edited by hand) is moved to ``<spool>.bad`` and
counted, never allowed to block the lines after it; so is a record the database refuses
(:func:`store_apart`). Both files hold device output and are created readable by the owner
only.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from netauto.db.records import Record, from_json, storable_record, to_json
from netauto.exceptions import RecordRefused
from netauto.private import private_file
from netauto.text import plural


def store_apart(
    store: Callable[[list[Record]], None], records: list[Record], *, references: bool = True
) -> list[Record]:
    """Store ``records``; when the database refuses the batch for what it holds, its halves
    apart, and so on: one bad record never blocks the others. Returns the refused ones
    (an outage, DatabaseError, is raised as it is). Without ``references`` a record naming
    a row that is not there yet (its run still in the spool) is raised too, not refused."""
    try:
        store(records)
    except RecordRefused as exc:
        if exc.reference and not references:
            raise
        if len(records) == 1:
            return records
        half = len(records) // 2
        return store_apart(store, records[:half], references=references) + store_apart(
            store, records[half:], references=references
        )
    return []


class Spool:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.quarantined = 0  # bad lines this object moved to the .bad file
        self.refused = 0  # records the database refused, written to the .bad file

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

    def _set_aside(self, bad: list[str]) -> None:
        private_file(self.bad_path)
        with open(self.bad_path, "a", encoding="utf-8") as quarantine:
            quarantine.writelines(line if line.endswith("\n") else line + "\n" for line in bad)
            quarantine.flush()
            os.fsync(quarantine.fileno())

    def refuse(self, records: list[Record]) -> None:
        """Records the database refused: kept in the .bad file, counted in :meth:`problem`."""
        self._set_aside([json.dumps(to_json(record), default=str) for record in records])
        self.refused += len(records)

    def _quarantine(self, handle: IO[str], good: list[str], bad: list[str]) -> None:
        """Move ``bad`` lines to the .bad file and keep only ``good`` ones in the spool."""
        self._set_aside(bad)
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
            refused: set[int] = set()
            good: list[str] = []
            bad: list[str] = []
            for line in handle:
                if not line.strip():
                    continue
                try:
                    records.append(storable_record(from_json(json.loads(line))))
                except (ValueError, KeyError, TypeError, AttributeError):
                    bad.append(line)
                else:
                    good.append(line)
            if bad:
                self._quarantine(handle, good, bad)
            if records:
                refused = {id(record) for record in store_apart(store, records)}
                if refused:  # stored around them; they go to the .bad file, as they were
                    self._set_aside(
                        [g for r, g in zip(records, good, strict=True) if id(r) in refused]
                    )
                    self.refused += len(refused)
            handle.seek(0)
            handle.truncate()
        return len(records) - len(refused)

    def problem(self) -> str | None:
        """What the replays of this object quarantined, for a run's warnings."""
        problems = []
        if self.quarantined:
            problems.append(
                f"{plural(self.quarantined, 'unreadable line')} of the spool {self.path} moved "
                f"to {self.bad_path}"
            )
        if self.refused:
            problems.append(
                f"{plural(self.refused, 'record')} the database refused kept in {self.bad_path}"
            )
        return "; ".join(problems) or None
