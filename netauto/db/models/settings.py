"""Settings stored in the database (``netauto settings``), secret values encrypted."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from netauto.db.models.base import Base, Timestamps
from netauto.db.types import PortableJSON


class SystemConfig(Timestamps, Base):
    __tablename__ = "system_configs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    config_key: Mapped[str] = mapped_column(String(100), unique=True)
    config_value: Mapped[Any] = mapped_column(PortableJSON)
    description: Mapped[str | None] = mapped_column(Text)
    is_encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
