"""Health samples of the routers (``poll``) and their hourly rollups."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Float,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from netauto.db.models.base import Base
from netauto.db.types import PortableJSON, UTCDateTime, utcnow

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
