"""What a notification says: a subject, a plain text body, and the webhook bodies.

Everything here comes from a stored event, whose text and diff are already masked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netauto.db.events import EventRow

COLOURS = {"info": "2EB67D", "warning": "ECB22E", "error": "E01E5A", "critical": "8B0000"}


def subject(event: EventRow) -> str:
    return f"[netauto] {event.severity}: {event.text}"[:200]


def body(event: EventRow) -> str:
    lines = [
        event.text,
        "",
        f"kind:     {event.kind}",
        f"severity: {event.severity}",
        f"router:   {event.router or '-'}",
        f"run:      {event.run_id or '-'}",
        f"time:     {event.created_at:%Y-%m-%d %H:%M:%S} UTC",
    ]
    if event.data.get("by"):
        lines.append(f"by:       {event.data['by']}")
    diff = str(event.data.get("diff") or "")
    if diff:
        lines += ["", "diff (secrets masked):", diff]
    return "\n".join(lines) + "\n"


def slack(event: EventRow) -> dict[str, Any]:
    """Slack's incoming webhook: ``text`` (mrkdwn), the diff in a code block."""
    diff = str(event.data.get("diff") or "")
    text = f"*{event.severity}* {event.text}"
    if diff:
        text += "\n```" + diff[:2500] + "```"
    return {"text": text}


def teams(event: EventRow) -> dict[str, Any]:
    """Microsoft Teams (Workflows) incoming webhook: a message with one Adaptive Card."""
    items: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": f"{event.severity}: {event.text}", "wrap": True,
         "weight": "Bolder"},
    ]  # fmt: skip
    diff = str(event.data.get("diff") or "")
    if diff:
        items.append(
            {"type": "TextBlock", "text": diff[:2500], "wrap": True, "fontType": "Monospace"}
        )
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": items,
    }
    return {
        "type": "message",
        "summary": event.text[:100],
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def generic(event: EventRow) -> dict[str, Any]:
    return {"event": event.to_json()}
