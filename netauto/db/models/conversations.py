"""The AI assistant's conversations, one row per message."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from netauto.db.models.base import Base, one_of
from netauto.db.types import PortableJSON, UTCDateTime, utcnow

MESSAGE_ROLES = ("user", "assistant", "system")


class AIConversation(Base):
    __tablename__ = "ai_conversations"
    __table_args__ = (
        CheckConstraint(one_of("message_role", MESSAGE_ROLES), name="chk_message_role"),
        Index("idx_conversations_user_session", "user_id", "session_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    session_id: Mapped[str] = mapped_column(String(100))
    message_role: Mapped[str] = mapped_column(String(20))
    message_content: Mapped[str] = mapped_column(Text)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata", PortableJSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
