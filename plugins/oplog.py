"""The ``netauto.oplog`` processor: records every host's result in the operations log.

Nornir calls processors from its worker threads. This one never blocks or breaks a run: it
builds a record, hands it to the writer's queue and returns; any error of its own is logged
and swallowed. Each host's top-level task gets a row written as ``running`` when it starts
and completed with ``success``/``failed`` when it ends (the writer merges the two when they
fall in one batch). A run groups the rows of one runbook invocation.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task

from netauto.db.types import utcnow
from netauto.oplog.records import OpRecord, RunRecord
from netauto.oplog.summary import command_text, first_error, joined_diff, summarize
from netauto.oplog.writer import OplogWriter

log = logging.getLogger(__name__)


class BaseProcessor:
    """A processor that does nothing: subclass it and override what you need."""

    def task_started(self, task: Task) -> None:
        pass

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        pass

    def task_instance_started(self, task: Task, host: Host) -> None:
        pass

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        pass

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        pass

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        pass


@dataclass
class RunState:
    """A runbook invocation in progress: which hosts ran, failed, changed."""

    record: RunRecord
    implicit: bool = False
    hosts: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)

    @property
    def id(self) -> uuid.UUID:
        return self.record.id

    def finish(self) -> RunRecord:
        record = self.record
        record.finished_at = utcnow()
        record.hosts_total = len(self.hosts)
        record.hosts_failed = len(self.failed)
        record.hosts_ok = len(self.hosts - self.failed)
        record.hosts_changed = len(self.changed)
        record.status = "failed" if self.failed else "success"
        return record


def operation_type(task: Task) -> str:
    """A task function may name its operation type; else the task's name is used."""
    return str(getattr(task.task, "operation_type", None) or task.name)


class OperationsLogProcessor(BaseProcessor):
    def __init__(self, writer: OplogWriter, username: str) -> None:
        self.writer = writer
        self.username = username
        self.current: RunState | None = None
        self._lock = threading.Lock()
        self._inflight: dict[int, tuple[OpRecord, float]] = {}

    @contextmanager
    def run(self, runbook: str, arguments: dict[str, Any] | None = None) -> Iterator[RunState]:
        """Group every task run inside the block into one ``runs`` row."""
        state = self._start_run(runbook, arguments, implicit=False)
        try:
            yield state
        finally:
            self._finish_run(state)

    def _start_run(
        self, runbook: str, arguments: dict[str, Any] | None, implicit: bool
    ) -> RunState:
        record = RunRecord(
            id=uuid.uuid4(), runbook=runbook, username=self.username, arguments=arguments
        )
        state = RunState(record=record, implicit=implicit)
        self.current = state
        self.writer.put(record)
        return state

    def _finish_run(self, state: RunState) -> None:
        with self._lock:
            record = state.finish()
        if self.current is state:
            self.current = None
        self.writer.put(record)

    def task_started(self, task: Task) -> None:
        try:
            if self.current is None:
                self._start_run(task.name, None, implicit=True)
        except Exception:  # never break a run
            log.exception("operations log: cannot start run")

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        try:
            if self.current is not None and self.current.implicit:
                self._finish_run(self.current)
        except Exception:
            log.exception("operations log: cannot finish run")

    def task_instance_started(self, task: Task, host: Host) -> None:
        try:
            run = self.current
            record = OpRecord(
                id=uuid.uuid4(),
                operation_type=operation_type(task),
                status="running",
                host=host.name,
                run_id=run.id if run else None,
                username=self.username,
                command=command_text(task.params),
            )
            with self._lock:
                self._inflight[id(task)] = (record, time.perf_counter())
            self.writer.put(record)
        except Exception:
            log.exception("operations log: cannot record start of %s on %s", task.name, host)

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        try:
            with self._lock:
                started = self._inflight.pop(id(task), None)
            if started is None:
                return
            begun, clock = started
            record = OpRecord(
                id=begun.id,
                operation_type=begun.operation_type,
                status="failed" if result.failed else "success",
                host=host.name,
                run_id=begun.run_id,
                username=self.username,
                command=begun.command,
                result=summarize(result),
                error_message=first_error(result),
                execution_time_ms=round((time.perf_counter() - clock) * 1000),
                changed=bool(result.changed),
                diff=joined_diff(result),
                created_at=begun.created_at,
                finished_at=utcnow(),
            )
            run = self.current
            if run is not None:
                with self._lock:
                    run.hosts.add(host.name)
                    if result.failed:
                        run.failed.add(host.name)
                    if result.changed:
                        run.changed.add(host.name)
            self.writer.put(record)
        except Exception:
            log.exception("operations log: cannot record result of %s on %s", task.name, host)
