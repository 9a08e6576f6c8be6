"""One syslog message: its priority, the host it names, and the IOS mnemonic and text.

IOS sends RFC 3164 lines (``<189>42: *Dec  7 14:02:01.123: %SYS-5-CONFIG_I: Configured from
console by alice on vty0 (127.0.0.1)``, a hostname first with ``logging origin-id``); RFC
5424 senders put ``1 TIMESTAMP HOST APP PROCID MSGID SD`` before the message. Either way
the IOS part is ``%FACILITY-SEVERITY-MNEMONIC: text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PRI = re.compile(r"<(\d{1,3})>")
_RFC5424 = re.compile(r"<\d{1,3}>1 \S+ (\S+) ")
_IOS = re.compile(r"%([A-Z0-9_]+-\d-[A-Z0-9_]+): (.*)", re.S)
_CONFIGURED = re.compile(r"Configured from (\S+)(?: by (\S+))?(?: on (\S+))?(?: \(([^)]*)\))?")
_INTERFACE = re.compile(r"Interface (\S+), changed state to (.+)$")
_LOGIN_FAILED = re.compile(r"\[user: ([^\]]*)\] \[Source: ([^\]]*)\]")


@dataclass(frozen=True)
class Message:
    sender: str  # the address it came from
    host: str | None  # the hostname it names (RFC 5424, or origin-id), if any
    severity: int  # 0 emergency .. 7 debug
    tag: str  # SYS-5-CONFIG_I, or "" for a message without an IOS mnemonic
    text: str

    @property
    def kind(self) -> str:
        """``config``, ``logging``, ``link``, ``login_failed`` or ``other``."""
        if self.tag == "SYS-5-CONFIG_I":
            return "config"
        if self.tag == "SYS-6-LOGGINGHOST_STARTSTOP":
            return "logging"
        if self.tag == "LINEPROTO-5-UPDOWN":
            return "link"
        if self.tag.startswith("SEC_LOGIN-") and "LOGIN_FAILED" in self.tag:
            return "login_failed"
        return "other"

    def who(self) -> str | None:
        """Who configured the router (``alice on vty0 (127.0.0.1)``), for CONFIG_I."""
        found = _CONFIGURED.search(self.text)
        if found is None:
            return None
        source, user, line, peer = found.groups()
        words = (
            [user or source] + ([f"on {line}"] if line else []) + ([f"({peer})"] if peer else [])
        )
        return " ".join(words)

    def link(self) -> tuple[str, bool] | None:
        """(interface, up) of a line-protocol message."""
        found = _INTERFACE.search(self.text)
        if found is None:
            return None
        return found.group(1), found.group(2).strip() == "up"

    def login(self) -> tuple[str, str]:
        found = _LOGIN_FAILED.search(self.text)
        return (found.group(1), found.group(2)) if found else ("?", "?")


def parse(data: bytes | str, sender: str) -> Message:
    """Read one message (never raises: what it cannot read is an ``other`` message)."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    text = text.strip("\x00\r\n ")
    pri = _PRI.match(text)
    severity = int(pri.group(1)) % 8 if pri else 6
    host = None
    head = _RFC5424.match(text)
    if head is not None and head.group(1) != "-":
        host = head.group(1)
    ios = _IOS.search(text)
    if ios is None:
        return Message(sender, host, severity, "", text[:500])
    return Message(sender, host, severity, ios.group(1), ios.group(2).strip()[:500])
