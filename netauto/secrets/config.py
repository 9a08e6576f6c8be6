"""Secrets in IOS configuration text: where they stand on a line, found, masked.

The patterns and the line walk the other maskers build on (messages, structured data, the
reversible :class:`~netauto.secrets.redactor.Redactor`).
"""

from __future__ import annotations

import re

MASK = "<removed>"

# Each pattern captures the secret in group "s"; the rest of the line is kept. A line may hold
# several secrets (SNMPv3 auth and priv keys): every pattern is tried.
_PATTERNS = [
    r"^\s*enable (?:secret|password)(?: level \d+)?(?: [0-9])? (?P<s>\S+)",
    r"^\s*username \S+(?: .*?)? (?:secret|password)(?: [0-9])? (?P<s>\S+)",
    r"^\s*(?:password|secret)(?: [0-9])? (?P<s>\S+)",
    r"^\s*snmp-server community (?P<s>\S+)",
    r"^\s*snmp-server user \S+ \S+(?: .*?)? auth \S+ (?P<s>\S+)",
    r"^\s*snmp-server user \S+ \S+(?: .*?)? priv \S+(?: \d+)? (?P<s>\S+)",
    r"^\s*snmp-server host \S+(?: vrf \S+)?(?: informs| traps)?(?: version (?:1|2c|3 \S+))? "
    r"(?P<s>(?!version\b)\S+)",
    r"^\s*(?:tacacs-server|radius-server)(?: host \S+.*?)? key(?: [0-9])? (?P<s>\S+)",
    r"^\s*(?:server-private \S+.*? )?key(?: [0-9])? (?P<s>\S+)$",
    r"^\s*key config-key password-encrypt (?P<s>\S+)",
    r"^\s*key-string(?: [0-9])? (?P<s>\S+)",
    r"^\s*ip ospf authentication-key(?: [0-9])? (?P<s>\S+)",
    r"^\s*ip ospf message-digest-key \d+ md5(?: [0-9])? (?P<s>\S+)",
    r"^\s*(?:ipv6 ospf|ospfv3(?: \d+)?(?: ipv[46])?) authentication ipsec spi \d+ \S+"
    r"(?: [0-9])? (?P<s>\S+)",
    r"^\s*(?:ipv6 ospf|ospfv3(?: \d+)?(?: ipv[46])?) encryption ipsec spi \d+ esp (?!null\b)\S+"
    r"(?: \d+)?(?: [0-9])? (?P<s>\S+)",
    r"^\s*(?:ipv6 ospf|ospfv3(?: \d+)?(?: ipv[46])?) encryption ipsec spi .* "
    r"(?:md5|sha1)(?: [0-9])? (?P<s>\S+)",
    r"^\s*(?:ip )?authentication key-chain eigrp \d+ (?P<s>\S+)",
    r"^\s*authentication mode hmac-sha-256(?: [0-9])? (?P<s>\S+)",
    r"^\s*neighbor \S+ password(?: [0-9])? (?P<s>\S+)",
    r"^\s*mpls ldp neighbor(?: vrf \S+)? \S+ password(?: [0-9])? (?P<s>\S+)",
    r"^\s*(?:isis |area-|domain-)password (?P<s>\S+)",
    r"^\s*ip nhrp authentication (?P<s>\S+)",
    r"^\s*ntp authentication-key \d+ \S+ (?P<s>\S+)",
    r"^\s*crypto isakmp key(?: [0-9])? (?P<s>\S+)",
    r"^\s*pre-shared-key (?:address \S+(?: \S+)?|hostname \S+) key(?: [0-9])? (?P<s>\S+)",
    r"^\s*pre-shared-key(?: local| remote)?(?: [0-9])? (?P<s>(?!address\b|hostname\b)\S+)",
    r"^\s*ppp (?:chap|pap) (?:password|sent-username \S+ password)(?: [0-9])? (?P<s>\S+)",
    r"^\s*(?:standby|vrrp|glbp)(?: \d+)? authentication(?: md5)? key-string(?: [0-9])? "
    r"(?P<s>\S+)",
    r"^\s*(?:standby|vrrp|glbp)(?: \d+)? authentication(?: text)? "
    r"(?P<s>(?!md5\b|text\b|key-string\b|key-chain\b)\S+)",
    r"^\s*ip (?:ftp|http client) password(?: [0-9])? (?P<s>\S+)",
    r"^\s*wpa-psk (?:ascii|hex)(?: [0-9])? (?P<s>\S+)",
]
_COMPILED = [re.compile(p) for p in _PATTERNS]
# Every pattern needs one of these words: a text without any is returned as it is, fast.
KEYWORDS = re.compile(
    r"secret|password|community|key|authentication|encryption|wpa-psk|snmp-server"
)
# Diff lines ("+ntp server ...", "- password ...") are config lines behind a marker.
_DIFF_MARKER = re.compile(r"^[+\-!>< ](?![+\-])")
# "no <line>": the line it removes, secret included.
_NEGATED = re.compile(r"^\s*no\s+")
# Under "key chain X", "key 1" is a key number, not a key.
_KEY_NUMBER = re.compile(r"^\s*key \d+\s*$")
# Secrets shorter than this are masked where they stand only, never replaced elsewhere in a
# text: replacing "42" everywhere would mangle addresses and numbers.
MIN_GLOBAL_LENGTH = 4


def _spans_in(candidate: str, parent: str) -> list[tuple[int, int]]:
    if not KEYWORDS.search(candidate):  # every pattern needs a keyword: most lines have none
        return []
    if parent.startswith("key chain") and _KEY_NUMBER.match(candidate):
        return []
    spans = []
    for pattern in _COMPILED:
        match = pattern.match(candidate)
        if match:
            spans.append(match.span("s"))
    negated = _NEGATED.match(candidate)
    if negated:  # "no snmp-server community X RO" names the secret it removes
        shift = negated.end()
        spans += [(a + shift, b + shift) for a, b in _spans_in(candidate[shift:], parent)]
    return sorted(set(spans))


def _secret_spans(line: str, parent: str = "") -> list[tuple[int, int]]:
    spans = _spans_in(line, parent)
    marker = _DIFF_MARKER.match(line)
    if not spans and marker:
        shift = marker.end()
        spans = [(a + shift, b + shift) for a, b in _spans_in(line[shift:], parent)]
    return spans


def lines_with_spans(text: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each line of ``text`` with its secret spans; the parent block gives context."""
    parent = ""
    lines = []
    for line in text.split("\n"):
        body = line[1:] if line[:1] in "+-" else line
        if body and not body[0].isspace():
            parent = body.strip()
        # Every pattern needs a keyword: most lines have none, and no spans.
        lines.append((line, _secret_spans(line, parent) if KEYWORDS.search(line) else []))
    return lines


def find_secrets(text: str) -> list[str]:
    """Every distinct secret value in ``text``, longest first."""
    found: set[str] = set()
    for line, spans in lines_with_spans(text):
        found.update(line[a:b] for a, b in spans)
    found.discard(MASK)
    found.discard("")
    return sorted(found, key=len, reverse=True)


def secret_shapes(text: str) -> list[tuple[str, list[str]]]:
    """Each line holding secrets as (its shape, its secret values): the shape is the line
    with every secret replaced by ``\0``, so two lines differing only in secrets match."""
    shapes = []
    for line, spans in lines_with_spans(text):
        if spans:
            shape = line
            for start, end in sorted(spans, reverse=True):
                shape = shape[:start] + "\0" + shape[end:]
            shapes.append((shape, [line[a:b] for a, b in spans]))
    return shapes


def masked_secret(text: str) -> str | None:
    """The first line whose secret is ``<removed>`` (a masked backup or log), or None."""
    if MASK not in text:
        return None
    for line, spans in lines_with_spans(text):
        if any(line[a:b] == MASK for a, b in spans):
            return line.strip()
    return None


def replace_spans(line: str, spans: list[tuple[int, int]], replace: dict[str, str]) -> str:
    for start, end in sorted(spans, reverse=True):
        value = line[start:end]
        if value in replace:
            line = line[:start] + replace[value] + line[end:]
    return line


def mask(text: str) -> str:
    """Replace every secret in ``text`` with ``<removed>``; everything else is unchanged."""
    if not text or not KEYWORDS.search(text):
        return text
    lines = lines_with_spans(text)  # one pass finds the secrets and where they stand
    secrets = {line[a:b] for line, spans in lines for a, b in spans} - {MASK, ""}
    if not secrets:
        return text
    replace = dict.fromkeys(secrets, MASK)
    return "\n".join(replace_spans(line, spans, replace) for line, spans in lines)


def mask_markdown(text: str) -> str:
    """:func:`mask` for markdown: config lines quoted as inline code inside a sentence
    (`` `snmp-server community X RO` ``) are masked too, the text's layout is kept."""
    if not text or not KEYWORDS.search(text):
        return text
    quoted = re.sub(r"`([^`\n]+)`", lambda found: f"`{mask(found.group(1))}`", text)
    return mask(quoted)
