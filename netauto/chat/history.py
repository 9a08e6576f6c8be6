"""A chat's history: rebuilt from stored rows, cut to a window, checked before it is sent.

The stored rows (``netauto.db.conversations``) become the provider-neutral history again: a user
row a user message, an assistant row its text and tool calls followed by one tool message
per stored result, a session event (a commit) a note from the user. Proposals come back with
their last status, and the placeholder numbers already used are skipped by the new redactor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from netauto.ai.messages import ChatMessage, ToolCall
from netauto.chat.proposals import Proposal
from netauto.db.conversations import StoredMessage
from netauto.exceptions import AIError
from netauto.secrets import Redactor

_PLACEHOLDER = re.compile(r"<SECRET_(\d+)>")


@dataclass
class Restored:
    history: list[ChatMessage] = field(default_factory=list)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    placeholders: int = 0  # the highest <SECRET_n> number seen
    seq: int = 0


def restore(rows: Sequence[StoredMessage]) -> Restored:
    """The history, proposals and counters of a stored session."""
    found = Restored()
    for row in rows:
        meta = row.metadata
        found.seq = max(found.seq, int(meta.get("seq") or 0))
        numbers = [int(n) for n in _PLACEHOLDER.findall(row.content + str(meta))]
        found.placeholders = max([found.placeholders, *numbers])
        if row.role == "user":
            found.history.append(ChatMessage("user", row.content))
        elif row.role == "assistant":
            records: list[dict[str, Any]] = list(meta.get("tool_calls") or [])
            calls = [
                ToolCall(str(r.get("id")), str(r.get("name")), dict(r.get("arguments") or {}))
                for r in records
            ]
            found.history.append(ChatMessage("assistant", row.content, calls))
            for record in records:
                found.history.append(
                    ChatMessage(
                        "tool",
                        str(record.get("result", "")),
                        tool_call_id=str(record.get("id")),
                        is_error=bool(record.get("is_error")),
                    )
                )
                if isinstance(record.get("proposal"), dict):
                    proposal = Proposal.from_dict(record["proposal"])
                    found.proposals[proposal.id] = proposal
        elif meta.get("kind") == "event":
            found.history.append(ChatMessage("user", row.content))
            event = found.proposals.get(str(meta.get("proposal")))
            if event is not None and meta.get("status"):
                event.status = str(meta["status"])
    return found


def window(history: Sequence[ChatMessage], size: int) -> list[ChatMessage]:
    """The last ``size`` messages or so, starting at a user message (never at a tool result)."""
    kept = list(history[-size:])
    starts = [i for i, m in enumerate(kept) if m.role == "user"]
    if starts:
        return kept[starts[0] :]
    users = [i for i, m in enumerate(history) if m.role == "user"]
    return list(history[users[-1] :]) if users else list(history)


def strings(value: Any) -> list[str]:
    """Every string of a request (keys and values), whatever its nesting."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (str(k), *strings(v))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings(item)]
    return []


def leak_check(redactor: Redactor) -> Any:
    """The guard run on every request: no secret the redactor knows may be in it."""

    def guard(request: Any) -> None:
        for text in strings(request):
            if redactor.leaks(text):
                raise AIError(
                    "refusing to send a request to the AI provider: it would contain a secret "
                    "of a router"
                )

    return guard
