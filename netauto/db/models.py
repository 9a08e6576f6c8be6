"""SQLAlchemy 2.0 models of the operations log: the PRD's six tables plus ``runs``.

Column names, defaults, CHECK constraints and indexes follow the PRD (section 2). netauto adds
``users.username`` (operators are identified by login), a unique ``network_devices.name``
(devices are upserted by name from the inventory), ``operations_log.run_id/host/changed/
diff/finished_at`` and the ``runs`` table.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from netauto.db.types import IPAddress, PortableJSON, UTCDateTime, utcnow

DEVICE_STATUSES = ("online", "offline", "warning", "unknown")
OPERATION_STATUSES = ("success", "failed", "pending", "running")
MESSAGE_ROLES = ("user", "assistant", "system")
# viewer reads; operator also commits changes and triggers schedules; admin also manages
# users and settings (the PRD's engineer and user became operator and viewer in 0003).
USER_ROLES = ("viewer", "operator", "admin")
# "skipped": a scheduled fire not started because the previous one still ran (0004).
RUN_STATUSES = ("running", "success", "failed", "skipped")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    pass


class _Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class User(_Timestamps, Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", USER_ROLES), name="chk_user_role"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    # Operators of the CLI never log in with a password: "!" marks a locked hash.
    password_hash: Mapped[str] = mapped_column(String(255), default="!")
    display_name: Mapped[str | None] = mapped_column(String(100))
    avatar_url: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(50), default="viewer")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped by a logout, a new password or disabling: every web session of older ends.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ApiToken(Base):
    """A bearer token of a user: only its SHA-256 is stored; ``prefix`` names it in lists."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("idx_api_tokens_user", "user_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NetworkDevice(_Timestamps, Base):
    __tablename__ = "network_devices"
    __table_args__ = (
        CheckConstraint(_in("status", DEVICE_STATUSES), name="chk_status"),
        Index("idx_devices_status", "status"),
        Index("idx_devices_ip", "ip_address"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    ip_address: Mapped[str] = mapped_column(IPAddress)
    model: Mapped[str] = mapped_column(String(100), default="unknown")
    platform: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), default="unknown")
    uptime_seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    config_backup: Mapped[str | None] = mapped_column(Text)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata", PortableJSON)
    # The registry (0013): what a Nornir host needs, what onboarding learnt, where it came
    # from; a retired router keeps its row and history and is in no selection.
    port: Mapped[int | None] = mapped_column(Integer)
    groups: Mapped[list[str] | None] = mapped_column(PortableJSON)
    data: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    credential_set: Mapped[str | None] = mapped_column(String(100))
    serial: Mapped[str | None] = mapped_column(String(100))
    os_version: Mapped[str | None] = mapped_column(String(255))
    source: Mapped[str | None] = mapped_column(String(20))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeviceGroup(_Timestamps, Base):
    """A group of the database inventory: platform, data and connection options (0013)."""

    __tablename__ = "device_groups"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    platform: Mapped[str | None] = mapped_column(String(50))
    data: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    connection_options: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    credential_set: Mapped[str | None] = mapped_column(String(100))


class CredentialSet(_Timestamps, Base):
    """Named device credentials; password and secret Fernet-encrypted (0013)."""

    __tablename__ = "credential_sets"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    username: Mapped[str] = mapped_column(String(100))
    password: Mapped[str] = mapped_column(Text)
    secret: Mapped[str | None] = mapped_column(Text)


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (
        CheckConstraint(_in("status", RUN_STATUSES), name="chk_run_status"),
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


class OperationLog(_Timestamps, Base):
    __tablename__ = "operations_log"
    __table_args__ = (
        CheckConstraint(_in("status", OPERATION_STATUSES), name="chk_operation_status"),
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


class AIConversation(Base):
    __tablename__ = "ai_conversations"
    __table_args__ = (
        CheckConstraint(_in("message_role", MESSAGE_ROLES), name="chk_message_role"),
        Index("idx_conversations_user_session", "user_id", "session_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    session_id: Mapped[str] = mapped_column(String(100))
    message_role: Mapped[str] = mapped_column(String(20))
    message_content: Mapped[str] = mapped_column(Text)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata", PortableJSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AutomationTask(_Timestamps, Base):
    """A schedule: a runbook (``task_type``) with its selection and options (``config``).

    It fires on ``schedule_cron`` (in ``timezone``) or every ``interval_seconds``. While a fire
    runs, ``locked_by``/``locked_until`` hold its lease (renewed by the run's holder); the last
    fire's run, status and one-line error are kept for ``netauto schedule list``.
    """

    __tablename__ = "automation_tasks"
    __table_args__ = (
        Index("idx_automation_user", "user_id"),
        Index(
            "idx_automation_next_run",
            "next_run",
            postgresql_where=text("is_active = true"),
            sqlite_where=text("is_active = 1"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    task_type: Mapped[str] = mapped_column(String(50))
    schedule_cron: Mapped[str | None] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    config: Mapped[dict[str, Any]] = mapped_column(PortableJSON)
    last_run: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_run: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str | None] = mapped_column(String(64))
    interval_seconds: Mapped[int | None] = mapped_column(Integer)
    # No foreign key: runs.task_id already points the other way.
    last_run_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    last_status: Mapped[str | None] = mapped_column(String(20))
    last_error: Mapped[str | None] = mapped_column(Text)
    locked_by: Mapped[str | None] = mapped_column(String(200))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SystemConfig(_Timestamps, Base):
    __tablename__ = "system_configs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    config_key: Mapped[str] = mapped_column(String(100), unique=True)
    config_value: Mapped[Any] = mapped_column(PortableJSON)
    description: Mapped[str | None] = mapped_column(Text)
    is_encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


# An autoincrement 64-bit key; SQLite autoincrements only an INTEGER PRIMARY KEY.
SampleId = BigInteger().with_variant(Integer(), "sqlite")


class DeviceSample(Base):
    """One poll of one router (``poll`` runbook); kept ``poll.samples_days`` (0010).

    ``interfaces``: ``{name: [in_octets, out_octets, errors, up]}``, the counters as read; rates
    come from two samples in a row.
    """

    __tablename__ = "device_samples"
    __table_args__ = (Index("idx_samples_device_time", "device", "taken_at"),)

    id: Mapped[int] = mapped_column(SampleId, primary_key=True, autoincrement=True)
    device: Mapped[str] = mapped_column(String(100))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(10))  # snmp, ssh
    latency_ms: Mapped[float | None] = mapped_column(Float)
    cpu_percent: Mapped[float | None] = mapped_column(Float)
    memory_percent: Mapped[float | None] = mapped_column(Float)
    uptime_seconds: Mapped[int | None] = mapped_column(BigInteger)
    interfaces: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)


class DeviceRollup(Base):
    """An hour of one router's samples, averaged (``poll.rollup_days``; 0010).

    ``interfaces``: ``{name: [in_bps, out_bps]}`` averaged over the hour.
    """

    __tablename__ = "device_rollups"
    __table_args__ = (Index("idx_rollups_device_hour", "device", "hour", unique=True),)

    id: Mapped[int] = mapped_column(SampleId, primary_key=True, autoincrement=True)
    device: Mapped[str] = mapped_column(String(100))
    hour: Mapped[datetime] = mapped_column(UTCDateTime)
    samples: Mapped[int] = mapped_column(Integer)
    up_samples: Mapped[int] = mapped_column(Integer)
    latency_ms: Mapped[float | None] = mapped_column(Float)
    latency_max_ms: Mapped[float | None] = mapped_column(Float)
    cpu_percent: Mapped[float | None] = mapped_column(Float)
    cpu_max_percent: Mapped[float | None] = mapped_column(Float)
    memory_percent: Mapped[float | None] = mapped_column(Float)
    interfaces: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)


# queued: waiting for a runner; running: a runner process has it; cancelled: stopped on request.
REQUEST_STATES = ("queued", "running", "finished", "failed", "cancelled")


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
        CheckConstraint(_in("state", REQUEST_STATES), name="chk_request_state"),
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
