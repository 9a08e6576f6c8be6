"""Secrets in messages and log lines: config text quoted inside them, and a stream's
secrets remembered from one message to the next."""

from __future__ import annotations

import re

from netauto.secrets.config import KEYWORDS, MASK, MIN_GLOBAL_LENGTH, find_secrets, mask

# Config text quoted inside a message ("% Invalid input (at 'snmp-server community x')",
# a driver's repr of what it sent), and a router prompt in front of an echoed command.
_QUOTED = re.compile(r"b?'((?:[^'\\]|\\.)*)'" + r'|b?"((?:[^"\\]|\\.)*)"')
_ESCAPED_BREAK = re.compile(r"\\[rn]")
_PROMPT = re.compile(r"^[\w.\-/()]+[#>]\s*")


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
    if not text or not KEYWORDS.search(text):
        return text, set()
    secrets: set[str] = set()
    for line in text.splitlines():
        if KEYWORDS.search(line):  # no keyword, no secret (find_secrets would find none)
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
