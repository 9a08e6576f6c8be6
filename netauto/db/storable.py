"""Text both databases take: NUL bytes and text that is not UTF-8 written as escapes.

PostgreSQL refuses a NUL in text and ``\\u0000`` in JSON, and neither database takes a lone
surrogate (the bytes a router sent that were not UTF-8, as Python decodes them with
``surrogateescape``). A router's answer may hold both: they are stored as ``\\x00``, ``\\xff``
(an undecodable byte) or ``\\udXXX``, visible and never refused.
"""

from __future__ import annotations

import re
from typing import Any

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0 or 0xDC80 <= code <= 0xDCFF:  # NUL, or a byte surrogateescape kept
        return f"\\x{code & 0xFF:02x}"
    return f"\\u{code:04x}"


def storable(text: str) -> str:
    """``text`` as both databases take it (unchanged when it already is: the usual case)."""
    if not _UNSTORABLE.search(text):
        return text
    return _UNSTORABLE.sub(_escape, text)


def storable_data(value: Any) -> Any:
    """``value`` (a JSON-ready result) with every string, keys included, :func:`storable`."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable_data(key): storable_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [storable_data(item) for item in value]
    return value


def unstorable(value: Any) -> bool:
    """Whether ``value`` holds text :func:`storable` would change (no copy made)."""
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(unstorable(key) or unstorable(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(unstorable(item) for item in value)
    return False
