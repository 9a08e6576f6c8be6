"""A fast IOS syntax pre-parse of a candidate, before any router sees it.

It checks the shape of global-config text: every top-level line starts with a known IOS
global command, sub-mode lines sit under a line that opens a sub-mode, no line looks like
prose, a shell or another vendor's syntax. It is not the router's parser: the NAPALM dry run
that follows catches the rest (``% Invalid input detected at '^' marker.``). Messages follow
the router's style so the model gets the same kind of feedback from both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GLOBAL_WORDS = """
    aaa access-list alias archive banner boot bridge call-home cdp class-map clock
    control-plane crypto default dial-peer dot1x enable errdisable event file hostname
    interface ip ipv6 key license line lldp logging login mac monitor mpls multilink no
    ntp object-group parameter-map policy-map port-channel privilege process qos radius
    radius-server redundancy route-map router scheduler sdm service snmp snmp-server
    spanning-tree tacacs tacacs-server template track udld username version vlan vrf vtp
    wsma zone zone-pair system power platform memory security subscriber flow sampler
    ethernet authentication nat64 chat-script password
"""
GLOBAL_COMMANDS = frozenset(_GLOBAL_WORDS.split())
# Top-level commands that open a sub-mode: indented lines may follow them.
_SUBMODE = re.compile(
    r"^(?:interface|router|line|archive|ip access-list|ipv6 access-list|route-map|key chain|"
    r"class-map|policy-map|vrf definition|ip vrf|crypto|aaa group|tacacs server|radius server|"
    r"control-plane|redundancy|track|object-group|vlan|ip sla|event manager|banner|"
    r"ip dhcp pool|template|parameter-map|zone|flow|sampler|call-home|ntp|snmp-server|"
    r"address-family|ip prefix-list|ipv6 router|license|monitor|key)\b",
)
_WORD = re.compile(r"^[a-z0-9][a-z0-9\-_.:/]*$")
_SUB_WORD = re.compile(r"^(?:[a-z0-9][\w\-.:/]*|\d+|exit-[a-z-]+)$", re.IGNORECASE)
_PROSE = re.compile(r"[.:]\s*$|^(?:here|this|the|note|sure|to|you|i|please)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SyntaxIssue:
    line_number: int
    line: str
    column: int
    reason: str

    def __str__(self) -> str:
        caret = " " * self.column + "^"
        return (
            f"line {self.line_number}: {self.line.strip()}\n{caret}\n"
            f"% Invalid input detected at '^' marker ({self.reason})."
        )


def _first_words(line: str) -> tuple[str, str]:
    words = line.split()
    first = words[0] if words else ""
    if first == "no" and len(words) > 1:
        return first, words[1]
    return first, words[1] if len(words) > 1 else ""


def check_syntax(candidate: str) -> list[SyntaxIssue]:
    """Every line that cannot be IOS global configuration, with the reason."""
    issues: list[SyntaxIssue] = []
    in_block = False
    in_banner: str | None = None
    for number, raw in enumerate(candidate.splitlines(), start=1):
        if not raw.strip():
            continue
        if in_banner is not None:
            if in_banner in raw:
                in_banner = None
            continue
        stripped = raw.strip()
        indented = raw[:1].isspace()
        first, second = _first_words(stripped)
        if indented:
            if not in_block:
                issues.append(SyntaxIssue(number, raw, 0, "indented line outside a sub-mode"))
            elif not _SUB_WORD.match(first):
                issues.append(SyntaxIssue(number, raw, 1, f"{first!r} is not a command"))
            continue
        if _PROSE.search(stripped) and first.lower() not in GLOBAL_COMMANDS:
            issues.append(SyntaxIssue(number, raw, 0, "prose, not configuration"))
            in_block = False
            continue
        command = second if first == "no" else first
        if not _WORD.match(command) or command not in GLOBAL_COMMANDS:
            column = stripped.find(command) if command else 0
            issues.append(
                SyntaxIssue(number, raw, max(column, 0), f"{command!r} is not an IOS command")
            )
            in_block = False
            continue
        in_block = bool(_SUBMODE.match(stripped)) and first != "no"
        banner = re.match(r"^banner \S+ (\^C|\S)", stripped)
        if banner and banner.group(1) not in stripped[banner.end(1) :]:
            in_banner = banner.group(1)
    return issues


def looks_like_config(candidate: str) -> bool:
    """True when at least one line is a known IOS global command (not prose or JSON)."""
    for raw in candidate.splitlines():
        if raw.strip() and not raw[:1].isspace():
            first, second = _first_words(raw.strip())
            command = second if first == "no" else first
            if command in GLOBAL_COMMANDS:
                return True
    return False
