"""Chat: the network assistant of ``netauto chat``; answers stream in through ``/api/chat``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.web.reads import not_found
from netauto.web.security import needs
from netauto.web.state import project

bp = Blueprint("chat", __name__, url_prefix="/chat")


def shown_messages(session_id: str) -> list[dict[str, Any]]:
    """The user's questions and the assistant's answers (tool calls named, not shown)."""
    messages = []
    for message in project().conversations.load(session_id):
        if message.role == "user" and not message.content.startswith("[netauto]"):
            messages.append({"role": "user", "text": message.content, "tools": []})
        elif message.role == "assistant":
            calls = message.metadata.get("tool_calls") or []
            tools = [str(call.get("name", "?")) for call in calls if isinstance(call, dict)]
            if message.content.strip() or tools:
                messages.append({"role": "assistant", "text": message.content, "tools": tools})
    return messages


def _page(session_id: str | None) -> ResponseReturnValue:
    messages: list[dict[str, Any]] = []
    if session_id is not None:
        with not_found():
            messages = shown_messages(session_id)
    return render_template(
        "chat.html",
        sessions=project().conversations.list(),
        session_id=session_id,
        messages=messages,
    )


@bp.get("/")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    return _page(None)


@bp.get("/<session_id>")
@needs(Permission.READ)
def session(session_id: str) -> ResponseReturnValue:
    return _page(session_id)
