"""A live progress bar per run, as a Nornir processor (rich, on a terminal only).

Added by ``open_runbook`` next to the operations-log processor when stdout is a terminal and
the output is not ``--json``. Nornir's worker threads call it; rich's Progress is thread-safe.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


def wanted(as_json: bool, stream: Any = None) -> bool:
    """A bar only for people: not with --json, not when stdout is a pipe or a file."""
    stream = stream if stream is not None else sys.stdout
    return not as_json and bool(getattr(stream, "isatty", lambda: False)())


class ProgressProcessor:
    """One bar per top-level task: ``backup  [#####...]  7/11  0:00:01``, failures counted."""

    def __init__(self, label: str, stream: Any = None) -> None:
        self.label = label
        self.stream = stream
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._bar: TaskID | None = None
        self._failed = 0

    def task_started(self, task: Task) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        with self._lock:
            if self._progress is not None:
                return
            self._failed = 0
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[failed]}", style="red"),
                console=Console(file=self.stream) if self.stream is not None else None,
            )
            self._bar = self._progress.add_task(
                self.label, total=len(task.nornir.inventory.hosts), failed=""
            )
            self._progress.start()

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        with self._lock:
            if self._progress is None or self._bar is None:
                return
            if result.failed:
                self._failed += 1
            failed = f"{self._failed} failed" if self._failed else ""
            self._progress.update(self._bar, advance=1, failed=failed)

    def task_instance_started(self, task: Task, host: Host) -> None:
        pass

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        pass

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        pass

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        with self._lock:
            if self._progress is not None:
                self._progress.stop()
            self._progress = None
            self._bar = None
