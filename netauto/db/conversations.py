"""Conversations with AI providers in ``ai_conversations``: chat sessions, generations.

Chat sessions: one row per message, tool calls in its metadata.

Rows hold what the provider saw (secrets already replaced by placeholders). A model turn
that called tools is an ``assistant`` row whose metadata lists the calls with their results;
the system prompt and session events (a commit) are ``system`` rows. A session belongs to
the user who started it: only that user lists or resumes it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from netauto.db.engine import error_text, session_scope
from netauto.db.models import AIConversation
from netauto.db.users import ensure_user
from netauto.exceptions import DatabaseError, UsageError
from netauto.secrets import mask_data, mask_message

log = logging.getLogger(__name__)
PREFIX = "chat-"


@dataclass(frozen=True)
class StoredMessage:
    role: str
    content: str
    metadata: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class SessionInfo:
    session_id: str
    started_at: datetime
    last_at: datetime
    messages: int
    title: str


def new_session_id() -> str:
    return PREFIX + uuid.uuid4().hex[:12]


def save(
    url: str, username: str, session_id: str, role: str, content: str, metadata: dict[str, Any]
) -> None:
    """Store one message; a database failure is logged, the conversation goes on."""
    try:
        with session_scope(url) as session:
            user_id = ensure_user(session.connection(), username)
            session.add(
                AIConversation(
                    user_id=user_id,
                    session_id=session_id,
                    message_role=role,
                    # Placeholders stay; a secret typed or answered in clear does not.
                    message_content=mask_message(content),
                    metadata_=mask_data(metadata),
                )
            )
    except (SQLAlchemyError, DatabaseError, OSError) as exc:
        log.warning("chat %s: message not saved: %s", session_id, error_text(exc))


def _user_id(url: str, username: str) -> uuid.UUID:
    with session_scope(url) as session:
        return ensure_user(session.connection(), username)


def load(url: str, session_id: str, username: str) -> list[StoredMessage]:
    """The messages of one of the user's sessions, in order; UsageError when it is not one."""
    try:
        user_id = _user_id(url, username)
        with session_scope(url) as session:
            rows = list(
                session.scalars(
                    select(AIConversation).where(AIConversation.session_id == session_id)
                )
            )
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read chat session {session_id}: {error_text(exc)}") from None
    if not rows or not session_id.startswith(PREFIX):
        raise UsageError(f"no chat session {session_id!r} (netauto chat --list shows yours)")
    if any(row.user_id != user_id for row in rows):
        raise UsageError(f"chat session {session_id} belongs to another user")
    rows.sort(key=lambda row: (row.created_at, (row.metadata_ or {}).get("seq", 0)))
    return [
        StoredMessage(row.message_role, row.message_content, row.metadata_ or {}, row.created_at)
        for row in rows
    ]


def sessions(url: str, username: str, limit: int = 20) -> list[SessionInfo]:
    """The user's chat sessions, the most recent first, titled by their first question."""
    table = AIConversation
    try:
        user_id = _user_id(url, username)
        with session_scope(url) as session:
            grouped = session.execute(
                select(
                    table.session_id,
                    func.min(table.created_at),
                    func.max(table.created_at),
                    func.count(),
                )
                .where(table.user_id == user_id, table.session_id.startswith(PREFIX))
                .group_by(table.session_id)
                .order_by(func.max(table.created_at).desc())
                .limit(limit)
            ).all()
            ids = [row[0] for row in grouped]
            questions = session.execute(
                select(table.session_id, table.message_content)
                .where(table.session_id.in_(ids), table.message_role == "user")
                .order_by(table.created_at)
            ).all()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot list chat sessions: {error_text(exc)}") from None
    titles: dict[str, str] = {}
    for ident, content in questions:
        titles.setdefault(ident, " ".join(content.split())[:70])
    return [
        SessionInfo(ident, started, last, count, titles.get(ident, ""))
        for ident, started, last, count in grouped
    ]


def save_exchange(url: str, username: str, rows: list[dict[str, Any]], what: str) -> None:
    """Store the messages of one exchange (``session_id``, ``role``, ``content``,
    ``metadata`` each, already masked); a database failure is logged, never raised."""
    try:
        with session_scope(url) as session:
            user_id = ensure_user(session.connection(), username)
            for row in rows:
                session.add(
                    AIConversation(
                        user_id=user_id,
                        session_id=row["session_id"],
                        message_role=row["role"],
                        message_content=row["content"],
                        metadata_=row["metadata"],
                    )
                )
    except (SQLAlchemyError, DatabaseError, OSError) as exc:
        log.warning("%s: AI conversation not saved: %s", what, error_text(exc))
