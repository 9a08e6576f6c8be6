"""A conversation with tool calls, and how each provider's API spells it.

The chat keeps one provider-neutral history (:class:`ChatMessage`: user text, assistant text
with :class:`ToolCall` s, tool results). Each request turns it into the shape its API wants:
OpenAI chat completions (``tool_calls`` on the assistant message, one ``tool`` message per
result) or Anthropic messages (``tool_use`` blocks, ``tool_result`` blocks in the next user
message). So the history survives a switch of provider in the middle of a conversation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

ChatRole = Literal["user", "assistant", "tool"]
_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class ToolSpec:
    """A tool the model may call: its name, what it does, its arguments (JSON Schema)."""

    name: str
    description: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class ToolCall:
    """One call the model asked for; ``error`` when its arguments were not a JSON object."""

    id: str
    name: str
    arguments: dict[str, Any]
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "arguments": self.arguments}


@dataclass
class ChatMessage:
    """One entry of the history; a ``tool`` message answers the call ``tool_call_id``."""

    role: ChatRole
    content: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    tool_call_id: str | None = None
    is_error: bool = False


def parse_arguments(text: str | None) -> tuple[dict[str, Any], str | None]:
    """The arguments of a call from their JSON text: (arguments, error)."""
    if not text or not text.strip():
        return {}, None
    try:
        value = json.loads(text)
    except ValueError as exc:
        return {}, f"the arguments are not valid JSON: {exc}"
    if not isinstance(value, dict):
        return {}, "the arguments must be a JSON object"
    return value, None


def safe_id(value: str) -> str:
    """A call id both APIs accept (Anthropic wants ``[A-Za-z0-9_-]{1,64}``)."""
    return (_ID.sub("_", value) or "call")[:64]


def openai_tools(tools: Sequence[ToolSpec]) -> list[dict[str, Any]]:
    return [
        {
            "type": "function",
            "function": {"name": t.name, "description": t.description, "parameters": t.parameters},
        }
        for t in tools
    ]


def anthropic_tools(tools: Sequence[ToolSpec]) -> list[dict[str, Any]]:
    return [
        {"name": t.name, "description": t.description, "input_schema": t.parameters} for t in tools
    ]


def openai_messages(system: str, history: Sequence[ChatMessage]) -> list[dict[str, Any]]:
    """The history as chat completions messages, the system prompt first."""
    messages: list[dict[str, Any]] = [{"role": "system", "content": system}]
    for message in history:
        if message.role == "tool":
            messages.append(
                {
                    "role": "tool",
                    "tool_call_id": message.tool_call_id or "call",
                    "content": message.content,
                }
            )
        elif message.role == "assistant" and message.tool_calls:
            messages.append(
                {
                    "role": "assistant",
                    "content": message.content or None,
                    "tool_calls": [
                        {
                            "id": call.id,
                            "type": "function",
                            "function": {
                                "name": call.name,
                                "arguments": json.dumps(call.arguments),
                            },
                        }
                        for call in message.tool_calls
                    ],
                }
            )
        else:
            messages.append({"role": message.role, "content": message.content})
    return messages


def _anthropic_blocks(message: ChatMessage) -> list[dict[str, Any]]:
    if message.role == "tool":
        block: dict[str, Any] = {
            "type": "tool_result",
            "tool_use_id": safe_id(message.tool_call_id or "call"),
            "content": message.content or "(empty)",
        }
        if message.is_error:
            block["is_error"] = True
        return [block]
    blocks: list[dict[str, Any]] = []
    if message.content.strip():
        blocks.append({"type": "text", "text": message.content})
    for call in message.tool_calls:
        blocks.append(
            {"type": "tool_use", "id": safe_id(call.id), "name": call.name, "input": call.arguments}
        )
    return blocks or [{"type": "text", "text": "(empty)"}]


def anthropic_messages(history: Sequence[ChatMessage]) -> list[dict[str, Any]]:
    """The history as Anthropic messages: roles alternate, tool results in user turns."""
    messages: list[dict[str, Any]] = []
    for message in history:
        role = "assistant" if message.role == "assistant" else "user"
        blocks = _anthropic_blocks(message)
        if messages and messages[-1]["role"] == role:
            messages[-1]["content"].extend(blocks)
        else:
            messages.append({"role": role, "content": blocks})
    return messages
