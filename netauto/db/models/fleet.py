"""The routers: devices (synced from the inventory, or the registry of record), their groups and
named credentials."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Index,
    Integer,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from netauto.db.models.base import Base, Timestamps, one_of
from netauto.db.types import IPAddress, PortableJSON, UTCDateTime

DEVICE_STATUSES = ("online", "offline", "warning", "unknown")


class NetworkDevice(Timestamps, Base):
    __tablename__ = "network_devices"
    __table_args__ = (
        CheckConstraint(one_of("status", DEVICE_STATUSES), name="chk_status"),
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


class DeviceGroup(Timestamps, Base):
    """A group of the database inventory: platform, data and connection options (0013)."""

    __tablename__ = "device_groups"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    platform: Mapped[str | None] = mapped_column(String(50))
    data: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    connection_options: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    credential_set: Mapped[str | None] = mapped_column(String(100))


class CredentialSet(Timestamps, Base):
    """Named device credentials; password and secret Fernet-encrypted (0013)."""

    __tablename__ = "credential_sets"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    username: Mapped[str] = mapped_column(String(100))
    password: Mapped[str] = mapped_column(Text)
    secret: Mapped[str | None] = mapped_column(Text)
