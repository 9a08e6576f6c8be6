"""Find and mask secrets in IOS configuration and in any text bound for a log.

Used wherever device text leaves the device: backups with ``--mask-secrets``, the operations
log (always) and AI prompts (always, with reversible placeholders).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

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
_KEYWORDS = re.compile(
    r"secret|password|community|key|authentication|encryption|wpa-psk|snmp-server"
)
# Diff lines ("+ntp server ...", "- password ...") are config lines behind a marker.
_DIFF_MARKER = re.compile(r"^[+\-!>< ](?![+\-])")
# "no <line>": the line it removes, secret included.
_NEGATED = re.compile(r"^\s*no\s+")
# Config text quoted inside a message ("% Invalid input (at 'snmp-server community x')",
# a driver's repr of what it sent), and a router prompt in front of an echoed command.
_QUOTED = re.compile(r"b?'((?:[^'\\]|\\.)*)'" + r'|b?"((?:[^"\\]|\\.)*)"')
_ESCAPED_BREAK = re.compile(r"\\[rn]")
_PROMPT = re.compile(r"^[\w.\-/()]+[#>]\s*")
# Under "key chain X", "key 1" is a key number, not a key.
_KEY_NUMBER = re.compile(r"^\s*key \d+\s*$")
# Secrets shorter than this are masked where they stand only, never replaced elsewhere in a
# text: replacing "42" everywhere would mangle addresses and numbers.
MIN_GLOBAL_LENGTH = 4


def _spans_in(candidate: str, parent: str) -> list[tuple[int, int]]:
    if not _KEYWORDS.search(candidate):  # every pattern needs a keyword: most lines have none
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


def _lines_with_spans(text: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each line of ``text`` with its secret spans; the parent block gives context."""
    parent = ""
    lines = []
    for line in text.split("\n"):
        body = line[1:] if line[:1] in "+-" else line
        if body and not body[0].isspace():
            parent = body.strip()
        # Every pattern needs a keyword: most lines have none, and no spans.
        lines.append((line, _secret_spans(line, parent) if _KEYWORDS.search(line) else []))
    return lines


def find_secrets(text: str) -> list[str]:
    """Every distinct secret value in ``text``, longest first."""
    found: set[str] = set()
    for line, spans in _lines_with_spans(text):
        found.update(line[a:b] for a, b in spans)
    found.discard(MASK)
    found.discard("")
    return sorted(found, key=len, reverse=True)


def secret_shapes(text: str) -> list[tuple[str, list[str]]]:
    """Each line holding secrets as (its shape, its secret values): the shape is the line
    with every secret replaced by ``\0``, so two lines differing only in secrets match."""
    shapes = []
    for line, spans in _lines_with_spans(text):
        if spans:
            shape = line
            for start, end in sorted(spans, reverse=True):
                shape = shape[:start] + "\0" + shape[end:]
            shapes.append((shape, [line[a:b] for a, b in spans]))
    return shapes


# What Redactor puts where a secret was (a stored snapshot, a message to an AI provider).
PLACEHOLDER = re.compile(r"<SECRET_\d+>")


def fill_secrets(config: str, running: str) -> str:
    """``config``'s ``<SECRET_n>`` placeholders filled from ``running``'s same-shape lines."""
    if not PLACEHOLDER.search(config):
        return config
    known = dict(secret_shapes(running))
    values: dict[str, str] = {}
    for shape, found in secret_shapes(config):
        for token, value in zip(found, known.get(shape, []), strict=False):
            if PLACEHOLDER.fullmatch(token):
                values.setdefault(token, value)
    return PLACEHOLDER.sub(lambda m: values.get(m.group(0), m.group(0)), config)


def masked_secret(text: str) -> str | None:
    """The first line whose secret is ``<removed>`` (a masked backup or log), or None."""
    if MASK not in text:
        return None
    for line, spans in _lines_with_spans(text):
        if any(line[a:b] == MASK for a, b in spans):
            return line.strip()
    return None


def _replace_spans(line: str, spans: list[tuple[int, int]], replace: dict[str, str]) -> str:
    for start, end in sorted(spans, reverse=True):
        value = line[start:end]
        if value in replace:
            line = line[:start] + replace[value] + line[end:]
    return line


def mask(text: str) -> str:
    """Replace every secret in ``text`` with ``<removed>``; everything else is unchanged."""
    if not text or not _KEYWORDS.search(text):
        return text
    lines = _lines_with_spans(text)  # one pass finds the secrets and where they stand
    secrets = {line[a:b] for line, spans in lines for a, b in spans} - {MASK, ""}
    if not secrets:
        return text
    replace = dict.fromkeys(secrets, MASK)
    return "\n".join(_replace_spans(line, spans, replace) for line, spans in lines)


def mask_markdown(text: str) -> str:
    """:func:`mask` for markdown: config lines quoted as inline code inside a sentence
    (`` `snmp-server community X RO` ``) are masked too, the text's layout is kept."""
    if not text or not _KEYWORDS.search(text):
        return text
    quoted = re.sub(r"`([^`\n]+)`", lambda found: f"`{mask(found.group(1))}`", text)
    return mask(quoted)


def _fragment_secrets(fragment: str) -> list[str]:
    found: list[str] = []
    for piece in _ESCAPED_BREAK.split(fragment):
        piece = _PROMPT.sub("", piece.strip())
        found += find_secrets(piece)
    return found


def _after_prompt(line: str) -> str:
    prompt = _PROMPT.match(line)
    return line[: prompt.end()] + mask(line[prompt.end() :]) if prompt else line


def mask_message(text: str) -> str:
    """``mask``, and also secrets inside config text quoted in a message or a log line.

    Error messages and driver logs quote the line a router rejected or a command sent
    (``(at 'username bob secret 0 x')``, ``write_channel: b'snmp-server community x RO\\n'``):
    those secrets are masked wherever they appear in the message.
    """
    return _mask_message(text)[0]


def _mask_message(text: str) -> tuple[str, set[str]]:
    """:func:`mask_message`'s text, and the secrets it found (long enough to search for)."""
    if not text or not _KEYWORDS.search(text):
        return text, set()
    secrets: set[str] = set()
    for line in text.splitlines():
        if _KEYWORDS.search(line):  # no keyword, no secret (find_secrets would find none)
            secrets.update(find_secrets(_PROMPT.sub("", line.strip())))
    masked = "\n".join(_after_prompt(line) for line in mask(text).split("\n"))
    for match in reversed(list(_QUOTED.finditer(masked))):
        fragment = match.group(0)
        found = _fragment_secrets(match.group(1) or match.group(2) or "")
        secrets.update(found)
        for secret in sorted(set(found) - {MASK}, key=len, reverse=True):
            fragment = re.sub(rf"(?<=\s){re.escape(secret)}(?=\s|\\|'|\"|$)", MASK, fragment)
        masked = masked[: match.start()] + fragment + masked[match.end() :]
    secrets = {secret for secret in secrets - {MASK} if len(secret) >= MIN_GLOBAL_LENGTH}
    for secret in sorted(secrets, key=len, reverse=True):
        masked = masked.replace(secret, MASK)
    return masked, secrets


class MessageMasker:
    """:func:`mask_message` for a stream of messages (a log): a secret found in one message
    is masked in every later one too, even where nothing there says it is a secret (a driver
    logs the command it sends, then the router's echo of it in pieces: ``key-string 7 x``,
    then ``7 x`` alone)."""

    def __init__(self) -> None:
        self.known: set[str] = set()

    def __call__(self, text: str) -> str:
        masked, found = _mask_message(text)
        self.known |= found
        for secret in sorted(self.known, key=len, reverse=True):
            masked = masked.replace(secret, MASK)
        return masked


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


@dataclass
class Redactor:
    """Reversible redaction: secrets become ``<SECRET_n>`` placeholders, known values too.

    Values learned from one text (a router's config) are also masked wherever they appear in
    later texts (a diff, an error message), on any line.
    """

    placeholders: dict[str, str] = field(default_factory=dict)
    # Numbers already used (a resumed chat): new placeholders never reuse one.
    offset: int = 0

    def learn(self, text: str) -> None:
        for secret in find_secrets(text):
            if secret not in self.placeholders:
                number = self.offset + len(self.placeholders) + 1
                self.placeholders[secret] = f"<SECRET_{number}>"

    def redact(self, text: str) -> str:
        self.learn(text)
        text = "\n".join(
            _replace_spans(line, spans, self.placeholders)
            for line, spans in _lines_with_spans(text)
        )
        for secret in sorted(self.placeholders, key=len, reverse=True):
            if len(secret) >= MIN_GLOBAL_LENGTH:
                text = text.replace(secret, self.placeholders[secret])
        return text

    def leaks(self, text: str) -> list[str]:
        """The known secrets (long enough to search for) that still appear in ``text``."""
        return [s for s in self.placeholders if len(s) >= MIN_GLOBAL_LENGTH and s in text]

    def restore(self, text: str) -> str:
        for secret, placeholder in self.placeholders.items():
            text = text.replace(placeholder, secret)
        return text
