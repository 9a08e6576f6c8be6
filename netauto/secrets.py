"""Find and mask secrets in IOS configuration and in any text bound for a log.

Used wherever device text leaves the device: backups with ``--mask-secrets``, the operations
log (always) and AI prompts (always, with reversible placeholders).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MASK = "<removed>"

# Each pattern captures the secret in group "s"; the rest of the line is kept.
_PATTERNS = [
    r"^\s*enable (?:secret|password)(?: level \d+)?(?: [0-9])? (?P<s>\S+)",
    r"^\s*username \S+(?: .*?)? (?:secret|password)(?: [0-9])? (?P<s>\S+)",
    r"^\s*(?:password|secret)(?: [0-9])? (?P<s>\S+)",
    r"^\s*snmp-server community (?P<s>\S+)",
    r"^\s*snmp-server user \S+ \S+(?: .*?)? auth \S+ (?P<s>\S+)",
    r"^\s*snmp-server user \S+ \S+(?: .*?)? priv \S+(?: \S+)? (?P<s>\S+)$",
    r"^\s*snmp-server host \S+(?: vrf \S+)?(?: informs| traps)?(?: version (?:1|2c|3 \S+))? "
    r"(?P<s>(?!version\b)\S+)",
    r"^\s*(?:tacacs-server|radius-server)(?: host \S+.*?)? key(?: [0-9])? (?P<s>\S+)",
    r"^\s*(?:server-private \S+.*? )?key(?: [0-9])? (?P<s>\S+)$",
    r"^\s*key-string(?: [0-9])? (?P<s>\S+)",
    r"^\s*ip ospf authentication-key(?: [0-9])? (?P<s>\S+)",
    r"^\s*ip ospf message-digest-key \d+ md5(?: [0-9])? (?P<s>\S+)",
    r"^\s*(?:ip )?authentication key-chain eigrp \d+ (?P<s>\S+)",
    r"^\s*neighbor \S+ password(?: [0-9])? (?P<s>\S+)",
    r"^\s*crypto isakmp key(?: [0-9])? (?P<s>\S+)",
    r"^\s*pre-shared-key(?: local| remote)?(?: [0-9])? (?P<s>\S+)",
    r"^\s*ppp (?:chap|pap) (?:password|sent-username \S+ password)(?: [0-9])? (?P<s>\S+)",
    r"^\s*standby(?: \d+)? authentication(?: md5 key-string| text)?(?: [0-9])? (?P<s>\S+)",
    r"^\s*vrrp \d+ authentication(?: text)? (?P<s>\S+)",
    r"^\s*wpa-psk (?:ascii|hex)(?: [0-9])? (?P<s>\S+)",
]
_COMPILED = [re.compile(p) for p in _PATTERNS]
# Diff lines ("+ntp server ...", "- password ...") are config lines behind a marker.
_DIFF_MARKER = re.compile(r"^[+\-!>< ](?![+\-])")


def _secret_span(line: str) -> tuple[int, int] | None:
    marker = _DIFF_MARKER.match(line)
    offset = marker.end() if marker else 0
    for candidate, shift in ((line, 0), (line[offset:], offset)) if offset else ((line, 0),):
        for pattern in _COMPILED:
            match = pattern.match(candidate)
            if match:
                start, end = match.span("s")
                return start + shift, end + shift
    return None


def find_secrets(text: str) -> list[str]:
    """Every distinct secret value in ``text``, longest first."""
    found: set[str] = set()
    for line in text.splitlines():
        span = _secret_span(line)
        if span:
            found.add(line[span[0] : span[1]])
    found.discard(MASK)
    return sorted(found, key=len, reverse=True)


def _mask_line(line: str, replace: dict[str, str]) -> str:
    span = _secret_span(line)
    if span and line[span[0] : span[1]] in replace:
        return line[: span[0]] + replace[line[span[0] : span[1]]] + line[span[1] :]
    return line


def mask(text: str) -> str:
    """Replace every secret in ``text`` with ``<removed>``; everything else is unchanged."""
    if not text:
        return text
    secrets = find_secrets(text)
    if not secrets:
        return text
    replace = dict.fromkeys(secrets, MASK)
    return "\n".join(_mask_line(line, replace) for line in text.split("\n"))


@dataclass
class Redactor:
    """Reversible redaction: secrets become ``<SECRET_n>`` placeholders, known values too.

    Values learned from one text (a router's config) are also masked wherever they appear in
    later texts (a diff, an error message), on any line.
    """

    placeholders: dict[str, str] = field(default_factory=dict)

    def learn(self, text: str) -> None:
        for secret in find_secrets(text):
            if secret not in self.placeholders:
                self.placeholders[secret] = f"<SECRET_{len(self.placeholders) + 1}>"

    def redact(self, text: str) -> str:
        self.learn(text)
        for secret in sorted(self.placeholders, key=len, reverse=True):
            text = text.replace(secret, self.placeholders[secret])
        return text

    def restore(self, text: str) -> str:
        for secret, placeholder in self.placeholders.items():
            text = text.replace(placeholder, secret)
        return text
