"""A live progress bar drawn from the engine's progress events (rich, on a terminal only).

The engine's :class:`~netauto.engine.events.ProgressEmitter` calls it from Nornir's worker
threads; rich's Progress is thread-safe and a lock guards the rest.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any

from netauto.engine.events import Progress as ProgressEvent

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


def wanted(as_json: bool, stream: Any = None) -> bool:
    """A bar only for people: not with --json, not when stdout is a pipe or a file."""
    stream = stream if stream is not None else sys.stdout
    return not as_json and bool(getattr(stream, "isatty", lambda: False)())


class ProgressBar:
    """One bar per task run: ``backup  [#####...]  7/11  0:00:01  1 failed``."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._bar: TaskID | None = None

    def __call__(self, event: ProgressEvent) -> None:
        with self._lock:
            if event.kind == "started":
                self._start(event)
            elif self._progress is not None and self._bar is not None:
                failed = f"{event.failed} failed" if event.failed else ""
                self._progress.update(self._bar, completed=event.done, failed=failed)
                if event.kind == "finished":
                    self._progress.stop()
                    self._progress = self._bar = None

    def _start(self, event: ProgressEvent) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        if self._progress is not None:
            self._progress.stop()
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[failed]}", style="red"),
            console=Console(file=self.stream) if self.stream is not None else None,
        )
        self._bar = self._progress.add_task(event.runbook, total=event.total, failed="")
        self._progress.start()
