"""Secrets in structured data: a getter's answer, a record's JSON (keys named like a
secret, and their values wherever else they appear)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from netauto.secrets.config import MASK, MIN_GLOBAL_LENGTH
from netauto.secrets.messages import mask_message

# Keys whose value is a secret in structured data (NAPALM getters: a user's ``password``,
# ``snmp_information``'s ``community`` map, whose keys are the communities themselves).
# Public SSH keys (``sshkeys``) are not secrets, nor counts (``input_tokens``).
SECRET_KEY = re.compile(
    r"password|passwd|secret|communit|psk|credential|key[-_]?string|(?:^|[-_])(?:keys?|token)$",
    re.IGNORECASE,
)
# ...unless the key says it counts them (``secrets_redacted``, ``password_count``).
_COUNT_KEY = re.compile(r"redacted|count|length|number", re.IGNORECASE)


def is_secret_key(key: Any) -> bool:
    """Whether a structured value under ``key`` is a secret (see :data:`SECRET_KEY`)."""
    return isinstance(key, str) and _secret_name(key)


@lru_cache(maxsize=4096)  # the same few keys, in every record the writer stores
def _secret_name(key: str) -> bool:
    return bool(SECRET_KEY.search(key)) and not _COUNT_KEY.search(key)


# What _masked_value leaves: the mask, numbered for the keys of a map (``<removed 2>``).
_MASKS = re.compile(r"<removed(?: \d+)?>")


def _masked_value(value: Any, found: set[str], text: Callable[[str], str]) -> Any:
    """What a secret key's value becomes: strings and numbers masked; a map's keys masked
    (the communities of ``{"community": {"public": {"mode": "ro"}}}``), its values kept."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        secret = str(value)
        if not secret or _MASKS.fullmatch(secret):  # empty, or masked already
            return value
        found.add(secret)
        return MASK
    if isinstance(value, dict):
        masked: dict[Any, Any] = {}
        for number, (key, item) in enumerate(value.items(), 1):
            if isinstance(key, str) and key and not _MASKS.fullmatch(key):
                found.add(key)
            masked[MASK if number == 1 else f"{MASK[:-1]} {number}>"] = _walk(item, found, text)
        return masked
    if isinstance(value, list | tuple):
        return [_masked_value(item, found, text) for item in value]
    return value


def _walk(value: Any, found: set[str], text: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {
            key: _masked_value(item, found, text)
            if isinstance(key, str) and _secret_name(key)
            else _walk(item, found, text)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_walk(item, found, text) for item in value]
    return value


def _replace_known(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, MASK)
        return value
    if isinstance(value, dict):
        return {_replace_known(k, secrets): _replace_known(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_known(item, secrets) for item in value]
    return value


def mask_data(value: Any, *, text: Callable[[str], str] | None = None) -> Any:
    """``value`` (a getter's answer, a record's JSON) with every secret masked: the value of
    a key named like a secret (:data:`SECRET_KEY`), every string by ``text`` (default
    :func:`mask_message`; the facts runbook passes the cheaper :func:`mask`, a report's gate
    ``str``: keys only), and a secret found under such a key wherever else it appears in
    ``value`` (dicts, lists). Masking twice gives the same."""
    found: set[str] = set()
    masked = _walk(value, found, text or mask_message)
    secrets = sorted((s for s in found if len(s) >= MIN_GLOBAL_LENGTH), key=len, reverse=True)
    return _replace_known(masked, secrets) if secrets else masked
