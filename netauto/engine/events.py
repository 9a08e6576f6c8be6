"""Progress of a run as events, for whoever shows it: a terminal bar, a web page, a worker.

The engine adds a :class:`ProgressEmitter` processor to every run that has an ``on_event``
callback. Nornir's worker threads call it, so callbacks must be quick and thread-safe (the
CLI's bar is; a web front end would put the event on a queue).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from nornir.core.inventory import Host
    from nornir.core.task import AggregatedResult, MultiResult, Task


@dataclass(frozen=True)
class Progress:
    """``started`` (total known), ``host`` (one host done) or ``finished``, for one task run.

    A runbook may run several tasks (a change run plans, then commits): each is one
    started..finished sequence under the same ``runbook``.
    """

    kind: Literal["started", "host", "finished"]
    runbook: str
    task: str
    total: int
    done: int = 0
    failed: int = 0
    host: str | None = None
    host_failed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


EventSink = Callable[[Progress], None]


class ProgressEmitter:
    """A Nornir processor that turns task callbacks into :class:`Progress` events."""

    def __init__(self, runbook: str, sink: EventSink) -> None:
        self.runbook = runbook
        self.sink = sink
        self._lock = threading.Lock()
        self._total = self._done = self._failed = 0

    def task_started(self, task: Task) -> None:
        with self._lock:
            self._total = len(task.nornir.inventory.hosts)
            self._done = self._failed = 0
        self.sink(Progress("started", self.runbook, task.name, self._total))

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        with self._lock:
            self._done += 1
            self._failed += bool(result.failed)
            event = Progress(
                "host",
                self.runbook,
                task.name,
                self._total,
                self._done,
                self._failed,
                host.name,
                bool(result.failed),
            )
        self.sink(event)

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        with self._lock:
            event = Progress(
                "finished", self.runbook, task.name, self._total, self._done, self._failed
            )
        self.sink(event)

    def task_instance_started(self, task: Task, host: Host) -> None:
        pass

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        pass

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        pass
