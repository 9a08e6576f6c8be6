"""Strict reading of what a client sends: query numbers and JSON fields.

One place decides what a value may be, so that a wrong one is a 400 with one line (never a
500, nor a database error, nor a silent guess): ``limit=²`` is not a number (only ASCII
digits are), ``"active": "false"`` is not a boolean (only JSON ``true``/``false`` are), a
number where a name belongs is refused, not turned into text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import request

from netauto.exceptions import UsageError


def number(args: Mapping[str, str], name: str, *, default: int, low: int, high: int) -> int:
    """The integer query argument ``name`` (ASCII digits, ``low``..``high``), else ``default``."""
    text = (args.get(name) or "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise UsageError(f"{name} must be a whole number from {low} to {high}")
    return int(text)


def json_object(example: str = "") -> dict[str, Any]:
    """The request's JSON body, which must be an object."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UsageError(f"send a JSON object{': ' + example if example else ''}")
    return body


def text(body: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
    """The string field ``key`` (None when absent, null or empty and not ``required``)."""
    value = body.get(key)
    if value is None or value == "":
        if required:
            raise UsageError(f"{key} is required (a string)")
        return None
    if not isinstance(value, str):
        raise UsageError(f"{key} must be a string, not {_kind(value)}")
    if any(ord(c) < 0x20 and c not in "\t" for c in value):
        raise UsageError(f"{key} holds a control character")
    return value


def flag(body: Mapping[str, Any], key: str) -> bool | None:
    """The boolean field ``key``: JSON true or false only (None when absent)."""
    if key not in body:
        return None
    value = body[key]
    if not isinstance(value, bool):
        raise UsageError(f"{key} must be true or false, not {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {value[:20]!r}"
    return {dict: "an object", list: "a list", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )
