"""Runs, the operations log (one row per host per runbook task) and the run requests of the
web, the API and chat."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from netauto.db.models.base import Base, Timestamps, one_of
from netauto.db.types import PortableJSON, UTCDateTime, utcnow

OPERATION_STATUSES = ("success", "failed", "pending", "running")
# "skipped": a scheduled fire not started because the previous one still ran (0004).
RUN_STATUSES = ("running", "success", "failed", "skipped")
# queued: waiting for a runner; running: a runner process has it; cancelled: stopped on request.
REQUEST_STATES = ("queued", "running", "finished", "failed", "cancelled")


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (
        CheckConstraint(one_of("status", RUN_STATUSES), name="chk_run_status"),
        Index("idx_runs_started_at", text("started_at DESC")),
        Index("idx_runs_task", "task_id", "started_at"),
        Index("idx_runs_runbook", "runbook", "started_at"),
        Index("idx_runs_status", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    runbook: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str | None] = mapped_column(String(100))
    arguments: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hosts_total: Mapped[int] = mapped_column(Integer, default=0)
    hosts_ok: Mapped[int] = mapped_column(Integer, default=0)
    hosts_failed: Mapped[int] = mapped_column(Integer, default=0)
    hosts_changed: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="running")
    # The schedule that fired this run (netauto scheduler, netauto schedule run).
    task_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("automation_tasks.id", ondelete="SET NULL")
    )
    # The process that runs it (0006): a run whose process is gone is closed as failed.
    owner_pid: Mapped[int | None] = mapped_column(Integer)
    owner_host: Mapped[str | None] = mapped_column(String(255))
    error_message: Mapped[str | None] = mapped_column(Text)


class OperationLog(Timestamps, Base):
    __tablename__ = "operations_log"
    __table_args__ = (
        CheckConstraint(one_of("status", OPERATION_STATUSES), name="chk_operation_status"),
        Index("idx_operations_user_device", "user_id", "device_id"),
        Index("idx_operations_created_at", text("created_at DESC")),
        Index("idx_operations_run", "run_id"),
        Index("idx_operations_updated_at", "updated_at"),  # netauto web's live feed
        Index("idx_operations_host_created", "host", "created_at"),  # (host) until 0007
        Index("idx_operations_type_host", "operation_type", "host", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("network_devices.id"))
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("runs.id"))
    host: Mapped[str | None] = mapped_column(String(100))
    operation_type: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))
    command: Mapped[str | None] = mapped_column(Text)
    result: Mapped[Any | None] = mapped_column(PortableJSON)
    error_message: Mapped[str | None] = mapped_column(Text)
    execution_time_ms: Mapped[int | None] = mapped_column(Integer)
    changed: Mapped[bool] = mapped_column(Boolean, default=False)
    diff: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RunRequest(Base):
    """A run asked for by the web, the API or chat (0015): executed by a runner process.

    The web stores the request and follows it; ``python -m netauto.scheduler --request ID``
    (started by the scheduler, or by the web when no scheduler runs) claims it and runs the
    runbook, so the run outlives the web server. ``options``: what the client sent;
    ``arguments``: as the declaration accepted them (shown, compared with a dry run's).
    ``diffs``: a finished dry run's masked diff per router, until one commit uses them.
    """

    __tablename__ = "run_requests"
    __table_args__ = (
        CheckConstraint(one_of("state", REQUEST_STATES), name="chk_request_state"),
        Index("idx_requests_state", "state"),
        Index("idx_requests_updated", "updated_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    runbook: Mapped[str] = mapped_column(String(100))
    username: Mapped[str] = mapped_column(String(100))
    target: Mapped[dict[str, Any]] = mapped_column(PortableJSON)
    options: Mapped[dict[str, Any]] = mapped_column(PortableJSON)
    arguments: Mapped[dict[str, Any]] = mapped_column(PortableJSON)
    preview: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    state: Mapped[str] = mapped_column(String(20), default="queued")
    cancel: Mapped[bool] = mapped_column(Boolean, default=False)
    holder: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    run_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    summary: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    counts: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    would_change: Mapped[list[str] | None] = mapped_column(PortableJSON)
    diffs: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
