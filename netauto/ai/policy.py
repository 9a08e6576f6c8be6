"""The policy gate: reasons to reject a candidate before it goes anywhere near a router.

A candidate is rejected when it is empty, is not IOS configuration, still holds a placeholder
(a redacted secret or a ``<fill me in>``), or contains a forbidden command: the
``ai.forbidden`` patterns of config.yaml, plus, always, anything that would cut the
management path (the address or state of the management interface, SSH access on the vty
lines).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass

from netauto.ai.syntax import looks_like_config

_PLACEHOLDER = re.compile(r"<[A-Za-z_][\w .:-]*>|\{\{.*?\}\}|\bSECRET_\d+\b")
_INTERFACE = re.compile(r"^interface (\S+)", re.IGNORECASE)
_ADDRESS = re.compile(r"^\s*ip address (\S+) (\S+)", re.IGNORECASE)
# Under the management interface: losing or changing its address, shutting it down.
_MGMT_LINE = re.compile(r"^(?:no ip address\b|ip address\b|shutdown\b|no ip\b|vrf forwarding\b)")


@dataclass(frozen=True)
class Rejection:
    """Why a candidate was refused, in words the model (and the operator) can act on."""

    check: str  # empty | not_config | placeholder | forbidden
    reason: str

    def __str__(self) -> str:
        return self.reason


def management_interface(running_config: str, address: str | None) -> str | None:
    """The interface holding the address netauto reaches the router on, if any."""
    if not address:
        return None
    try:
        wanted = ipaddress.ip_address(address)
    except ValueError:
        return None
    current: str | None = None
    for line in running_config.splitlines():
        found = _INTERFACE.match(line)
        if found:
            current = found.group(1)
            continue
        if not line[:1].isspace():
            current = None
            continue
        match = _ADDRESS.match(line)
        if current and match:
            try:
                if ipaddress.ip_address(match.group(1)) == wanted:
                    return current
            except ValueError:
                continue
    return None


def _same_interface(a: str, b: str) -> bool:
    """``Gi0/0`` and ``GigabitEthernet0/0`` name the same interface."""
    split = re.compile(r"^([A-Za-z-]+)(.*)$")
    ma, mb = split.match(a), split.match(b)
    if not ma or not mb or ma.group(2) != mb.group(2):
        return False
    ta, tb = ma.group(1).lower(), mb.group(1).lower()
    return ta.startswith(tb) or tb.startswith(ta)


def _forbidden(
    candidate: str, patterns: Sequence[re.Pattern[str]], management: str | None
) -> str | None:
    block: str | None = None
    for raw in candidate.splitlines():
        line = raw.strip()
        if not raw[:1].isspace():
            block = line
        for pattern in patterns:
            if pattern.match(line):
                return f"forbidden command {line!r} (policy pattern {pattern.pattern!r})"
        if management is None:
            continue
        removed = re.match(r"^(?:no|default) interface (\S+)", line, re.IGNORECASE)
        if removed and _same_interface(removed.group(1), management):
            return f"forbidden command {line!r}: it removes the management interface"
        current = _INTERFACE.match(block or "")
        if (
            raw[:1].isspace()
            and current
            and _same_interface(current.group(1), management)
            and _MGMT_LINE.match(line)
        ):
            return (
                f"forbidden command {line!r} under {block}: it changes the management "
                "interface netauto reaches the router on"
            )
    return None


def check_policy(
    candidate: str,
    patterns: Sequence[re.Pattern[str]],
    *,
    management: str | None = None,
) -> Rejection | None:
    """The first reason to reject ``candidate``; None when it passes."""
    if not candidate.strip():
        return Rejection("empty", "the answer holds no configuration lines")
    forbidden = _forbidden(candidate, patterns, management)
    if forbidden:
        return Rejection("forbidden", forbidden)
    if not looks_like_config(candidate):
        first = candidate.strip().splitlines()[0][:80]
        return Rejection(
            "not_config", f"the answer is not IOS configuration (it starts with {first!r})"
        )
    placeholder = _PLACEHOLDER.search(candidate)
    if placeholder:
        return Rejection(
            "placeholder",
            f"the configuration contains the placeholder {placeholder.group(0)!r}: use real "
            "values, and leave out any line that would need a redacted secret",
        )
    return None
