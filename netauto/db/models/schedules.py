"""Schedules: runbooks fired on cron or intervals."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from netauto.db.models.base import Base, Timestamps
from netauto.db.types import PortableJSON, UTCDateTime


class AutomationTask(Timestamps, Base):
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
