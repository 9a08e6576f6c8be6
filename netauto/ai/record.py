"""Keep what a generation produced: the candidate file for review, the exchange in the log.

The exchange goes to ``ai_conversations`` as the provider saw it (secrets already replaced
by placeholders), one row per message, the system prompt first; each row's metadata says
which host, attempt, provider, model, latency and token counts it belongs to. A database
failure never fails the generation: it is logged.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netauto.ai.loop import Generation
from netauto.filenames import file_name
from netauto.private import write_private
from netauto.secrets import mask, mask_message

log = logging.getLogger(__name__)


def candidate_path(
    folder: Path, host: str, when: datetime | None = None, rejected: bool = False
) -> Path:
    """``<folder>/R15-20261125-101500.cfg``, never an existing file."""
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", file_name(host))
    suffix = ".rejected.cfg" if rejected else ".cfg"
    path = folder / f"{safe}-{stamp}{suffix}"
    number = 1
    while path.exists():
        number += 1
        path = folder / f"{safe}-{stamp}-{number}{suffix}"
    return path


def save_candidate(folder: Path, generation: Generation) -> Path | None:
    """Write the candidate (or the last rejected one) with a header saying what it is."""
    last = generation.attempts[-1] if generation.attempts else None
    text = generation.candidate or (last.candidate if last else "")
    if not text.strip():
        return None
    rejected = not generation.accepted
    path = candidate_path(folder, generation.host, rejected=rejected)
    header = [
        f"! netauto generate for {generation.host}: {generation.verdict}",
        *(f"! intent: {line}" for line in generation.intent.splitlines()),
        f"! provider: {generation.provider} {generation.model}, "
        f"attempts: {len(generation.attempts)}",
    ]
    if rejected and generation.error:
        header += [f"! {line}" for line in generation.error.splitlines()]
    # For review, not for deploying (the change flow commits from memory): secrets masked.
    write_private(path, mask("\n".join(header) + "\n" + text))
    return path


def _rows(generation: Generation, session_id: str) -> list[dict[str, Any]]:
    base = {"host": generation.host, "intent": mask_message(generation.intent)}
    rows: list[dict[str, Any]] = [
        {"role": "system", "content": generation.system, "metadata": dict(base)}
    ]
    attempt = 0
    for message in generation.messages:
        meta: dict[str, Any] = dict(base)
        if message.role == "assistant":
            item = generation.attempts[attempt] if attempt < len(generation.attempts) else None
            attempt += 1
            if item is not None:
                meta.update(
                    attempt=item.number,
                    provider=item.provider,
                    model=item.model,
                    check=item.check,
                    error=item.error or None,
                )
        # Placeholders stay; a secret the model or the operator wrote in clear does not.
        rows.append(
            {"role": message.role, "content": mask_message(message.content), "metadata": meta}
        )
    rows[-1]["metadata"]["verdict"] = generation.verdict
    rows[-1]["metadata"]["calls"] = [call.to_dict() for call in generation.calls]
    for row in rows:
        row["session_id"] = session_id
    return rows


def save_conversation(url: str, username: str, session_id: str, generation: Generation) -> None:
    """Store the exchange in ai_conversations (logged, not raised, when that fails)."""
    from netauto.db.conversations import save_exchange

    save_exchange(url, username, _rows(generation, session_id), generation.host)
