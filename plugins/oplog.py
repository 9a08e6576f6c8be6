"""The ``netauto.oplog`` processor: records every host's result in the operations log.

Nornir calls processors from its worker threads. This one never blocks or breaks a run: its
hooks only append to the writer's queue; the writer thread builds the records (summary,
masking, timing) and stores them. Each host's top-level task gets a row written as
``running`` when it starts and completed with ``success``/``failed`` when it ends (the writer
merges the two when they fall in one batch). A run groups the rows of one runbook invocation.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import perf_counter
from time import time as now
from typing import Any

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task

from netauto.clock import utcnow
from netauto.db.records import OpRecord, RunRecord, new_id
from netauto.oplog.summary import command_text, first_error, joined_diff, summarize
from netauto.oplog.writer import OplogWriter

log = logging.getLogger(__name__)
_HOSTNAME = socket.gethostname()


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
    """A runbook invocation: which hosts ran, failed, changed (kept by the writer thread)."""

    record: RunRecord
    implicit: bool = False
    hosts: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    error: str | None = None  # why the run as a whole failed (a signal stopped it)

    @property
    def id(self) -> uuid.UUID:
        return self.record.id

    def finish(self) -> RunRecord:
        """The final run record (built in the writer thread, after every completion)."""
        return dataclasses.replace(
            self.record,
            finished_at=utcnow(),
            hosts_total=len(self.hosts),
            hosts_failed=len(self.failed),
            hosts_ok=len(self.hosts - self.failed),
            hosts_changed=len(self.changed),
            status="failed" if self.failed or self.error else "success",
            error_message=self.error or self.record.error_message,
        )


def _stopped_by(exc: BaseException) -> str:
    """One masked line saying what stopped a run."""
    from netauto.exceptions import NetautoError
    from netauto.secrets import mask_message

    text = str(exc).strip()
    line = text.splitlines()[0] if text else ""
    if not isinstance(exc, NetautoError):
        line = f"{type(exc).__name__}: {line}" if line else type(exc).__name__
    return mask_message(line or type(exc).__name__)


def operation_type(task: Task) -> str:
    """A task function may name its operation type; else the task's name is used."""
    return str(getattr(task.task, "operation_type", None) or task.name)


class OperationsLogProcessor(BaseProcessor):
    """Hooks stay tiny (a queue append); the writer thread builds and stores the records."""

    def __init__(self, writer: OplogWriter, username: str) -> None:
        self.writer = writer
        self.username = username
        self.current: RunState | None = None
        # Only the writer thread touches this: rows started and not yet completed.
        self._inflight: dict[int, tuple[OpRecord, float, RunState | None]] = {}
        # The hooks run once per host in worker threads: a bound queue append and nothing else.
        self._queue = writer.put_later
        # Wall-clock time of a perf_counter() reading, for created_at.
        self._epoch = now() - perf_counter()

    @contextmanager
    def run(
        self,
        runbook: str,
        arguments: dict[str, Any] | None = None,
        *,
        task_id: uuid.UUID | None = None,
    ) -> Iterator[RunState]:
        """Group every task run inside the block into one ``runs`` row (of schedule ``task_id``)."""
        state = self._start_run(runbook, arguments, implicit=False, task_id=task_id)
        try:
            yield state
        except BaseException as exc:
            # The run stopped on an error (the database blocked its change locks, before any
            # router): failed with that error, never "success 0/0/0" once stored or replayed.
            state.error = state.error or _stopped_by(exc)
            raise
        finally:
            self._finish_run(state)

    def _start_run(
        self,
        runbook: str,
        arguments: dict[str, Any] | None,
        implicit: bool,
        task_id: uuid.UUID | None = None,
    ) -> RunState:
        record = RunRecord(
            id=new_id(),
            runbook=runbook,
            username=self.username,
            arguments=arguments,
            task_id=task_id,
            owner_pid=os.getpid(),
            owner_host=_HOSTNAME,
        )
        state = RunState(record=record, implicit=implicit)
        self.current = state
        self.writer.put(dataclasses.replace(record))
        return state

    def _finish_run(self, state: RunState) -> None:
        if self.current is state:
            self.current = None
        # Queued behind every completion of the run, so the counts are final.
        self.writer.put_later(state.finish)

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
        self._queue(self._started, task, host.name, self.current, perf_counter())

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        self._queue(self._completed, task, host.name, result, perf_counter())

    def remote_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """A host a Celery worker ran: its row is the worker's; only the run's counts here."""
        self._queue(self._counted, host.name, result, self.current)

    def host_refused(self, operation_type: str, host: str, error: str) -> None:
        """A host refused before its task ran (another run holds its lock): a failed row."""
        self._queue(self._refused, operation_type, host, error, self.current)

    def row_id(self, task: Task, host: str) -> uuid.UUID:
        """The id of a host's row; a worker's processor makes it fixed, for redeliveries."""
        return new_id()

    # -- in the writer thread -----------------------------------------------------------------
    def _counted(self, host: str, result: MultiResult, run: RunState | None) -> None:
        if run is not None:
            run.hosts.add(host)
            if result.failed:
                run.failed.add(host)
            if result.changed:
                run.changed.add(host)

    def _refused(
        self, operation_type: str, host: str, error: str, run: RunState | None
    ) -> OpRecord:
        from netauto.secrets import mask

        if run is not None:
            run.hosts.add(host)
            run.failed.add(host)
        now = utcnow()
        return OpRecord(
            id=new_id(),
            operation_type=operation_type,
            status="failed",
            host=host,
            run_id=run.id if run else None,
            username=self.username,
            error_message=mask(error),
            execution_time_ms=0,
            created_at=now,
            finished_at=now,
        )

    def _started(self, task: Task, host: str, run: RunState | None, clock: float) -> OpRecord:
        record = OpRecord(
            id=self.row_id(task, host),
            operation_type=operation_type(task),
            status="running",
            host=host,
            run_id=run.id if run else None,
            username=self.username,
            command=command_text(task.params),
            created_at=datetime.fromtimestamp(self._epoch + clock, UTC),
        )
        self._inflight[id(task)] = (record, clock, run)
        return record

    def _completed(
        self, task: Task, host: str, result: MultiResult, clock: float
    ) -> OpRecord | None:
        started = self._inflight.pop(id(task), None)
        if started is None:
            return None
        record, begun, run = started
        failed, changed = result.failed, result.changed  # each walks the results: once
        if run is not None:
            run.hosts.add(host)
            if failed:
                run.failed.add(host)
            if changed:
                run.changed.add(host)
        # A new record: the started one may have been scrubbed (and stored) meanwhile.
        return OpRecord(
            id=record.id,
            operation_type=record.operation_type,
            status="failed" if failed else "success",
            host=host,
            run_id=record.run_id,
            username=record.username,
            command=command_text(task.params),
            result=summarize(result),
            error_message=first_error(result),
            execution_time_ms=round((clock - begun) * 1000),
            changed=bool(changed),
            diff=joined_diff(result),
            created_at=record.created_at,
            finished_at=utcnow(),
        )
