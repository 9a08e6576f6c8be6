"""Turn Nornir results into the compact, secret-free JSON the operations log keeps."""

from __future__ import annotations

import json
from typing import Any

from nornir.core.task import MultiResult, Result

from netauto.secrets import mask, mask_message

MAX_TEXT = 4000


def _clean(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy of ``value``: strings masked and cut, odd objects as text."""
    if isinstance(value, str):
        text = mask(value)
        return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + f"... [{len(text)} chars]"
    if value is None or isinstance(value, bool | int | float):
        return value
    if depth > 6:
        return str(value)[:200]
    if isinstance(value, dict):
        return {str(k): _clean(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_clean(v, depth + 1) for v in value]
    return _clean(str(value), depth + 1)


def error_line(result: Result) -> str | None:
    """One line saying why a result failed."""
    if not result.failed:
        return None
    exc = result.exception
    if exc is not None:
        text = str(exc).strip() or type(exc).__name__
        return mask_message(text.splitlines()[0] if text else text)
    if isinstance(result.result, str) and result.result.strip():
        return mask_message(result.result.strip().splitlines()[-1])
    return "failed"


def summarize(multi: MultiResult) -> dict[str, Any]:
    """The result summary stored in operations_log.result."""
    main = multi[0] if len(multi) else None
    return {
        "result": _clean(main.result) if main is not None and not main.failed else None,
        "subtasks": [{"name": r.name, "changed": r.changed, "failed": r.failed} for r in multi[1:]],
    }


def first_error(multi: MultiResult) -> str | None:
    for result in multi:
        line = error_line(result)
        if line:
            return line
    return None


def joined_diff(multi: MultiResult) -> str | None:
    diffs = [mask(r.diff) for r in multi if r.diff]
    return "\n".join(diffs) if diffs else None


def command_text(params: dict[str, Any]) -> str | None:
    """The task's arguments as the 'command' column, with secrets masked."""
    if not params:
        return None
    return mask(json.dumps(_clean(params), sort_keys=True, default=str))
