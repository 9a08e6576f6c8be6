"""The operations log's rows: an operation, a run and its detail, a run asked for.

A run request's ``to_json()`` gives its id as 32 hex digits (the pages' links), every other
id as a full UUID string.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netauto.db.rows.values import id_text, iso, jsonable


@dataclass(frozen=True)
class OperationRow:
    """One row of operations_log with its run's runbook and its operator's name."""

    id: uuid.UUID
    run_id: uuid.UUID | None
    runbook: str | None
    host: str | None
    operation_type: str
    status: str
    execution_time_ms: int | None
    changed: bool
    username: str | None
    created_at: datetime
    finished_at: datetime | None
    error_message: str | None
    command: str | None = None
    result: Any = None
    diff: str | None = None

    def to_json(self, *, detail: bool = False) -> dict[str, Any]:
        """``detail`` adds the command, the result and the diff (masked when stored)."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "run_id": id_text(self.run_id),
            "runbook": self.runbook,
            "host": self.host,
            "operation_type": self.operation_type,
            "status": self.status,
            "execution_time_ms": self.execution_time_ms,
            "changed": self.changed,
            "username": self.username,
            "created_at": iso(self.created_at),
            "finished_at": iso(self.finished_at),
            "error_message": self.error_message,
        }
        if detail:
            data.update(command=self.command, result=jsonable(self.result), diff=self.diff)
        return data


@dataclass(frozen=True)
class RunRow:
    """One row of ``runs``: a runbook's run (or a schedule's fire) and its host counts."""

    id: uuid.UUID
    runbook: str
    username: str | None
    arguments: dict[str, Any] | None
    started_at: datetime
    finished_at: datetime | None
    hosts_total: int
    hosts_ok: int
    hosts_failed: int
    hosts_changed: int
    status: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "runbook": self.runbook,
            "username": self.username,
            "arguments": jsonable(self.arguments),
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "hosts_total": self.hosts_total,
            "hosts_ok": self.hosts_ok,
            "hosts_failed": self.hosts_failed,
            "hosts_changed": self.hosts_changed,
            "status": self.status,
        }


@dataclass(frozen=True)
class RunDetail:
    """A run with every operation it recorded (by host), each with result and diff."""

    run: RunRow
    operations: list[OperationRow]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.run.to_json(),
            "operations": [op.to_json(detail=True) for op in self.operations],
        }


@dataclass(frozen=True)
class RunRequestRow:
    """A run asked for from the web, the API or chat (``run_requests``), as the pages show it.

    ``status``: ``running`` (also while ``queued`` for a runner), ``finished``, ``failed`` or
    ``cancelled``; ``cancel``: a cancel was asked for and the runner is stopping.
    """

    id: uuid.UUID
    runbook: str
    user: str
    target: dict[str, Any]
    state: str
    cancel: bool
    started_at: datetime
    finished_at: datetime | None
    done: int
    total: int
    failed: int
    run_id: uuid.UUID | None
    summary: str | None
    error: str | None
    counts: dict[str, Any]
    options: dict[str, Any]
    would_change: list[str] | None
    holder: str | None = None

    @property
    def status(self) -> str:
        return "running" if self.state in ("queued", "running") else self.state

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id.hex,
            "runbook": self.runbook,
            "user": self.user,
            "target": self.target,
            "status": self.status,
            "queued": self.state == "queued",
            "cancel": self.cancel,
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "done": self.done,
            "total": self.total,
            "failed": self.failed,
            "run_id": id_text(self.run_id),
            "summary": self.summary,
            "counts": self.counts,
            "error": self.error,
            "options": self.options,
            "would_change": self.would_change,
        }
