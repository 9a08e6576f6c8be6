"""The logging buffer: the messages a router logs (restart, interfaces, config, logins).

Timestamps follow ``service timestamps log datetime msec``; the leading ``*`` IOS prints while
its clock is not synchronised is left out because the lab's NTP association shows as synced.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netauto.lab.state import RouterState

LIMIT = 400


def stamp(at: float | None = None) -> str:
    now = time.time() if at is None else at
    t = time.gmtime(now)
    return (
        time.strftime("%b ", t)
        + f"{t.tm_mday:>2} "
        + time.strftime("%H:%M:%S", t)
        + (f".{int(now * 1000) % 1000:03d}")
    )


def logging_hosts(router: RouterState) -> list[tuple[str, int]]:
    """The loopback ``logging host`` targets a lab router sends to: (address, UDP port).

    ``logging host 127.0.0.1 transport udp port 5514``; the port defaults to 514. Hosts off
    loopback are configured as on IOS but never sent to (the lab's network rule).
    """
    found = []
    for child in router.running.children:
        words = child.text.split()
        if words[:2] != ["logging", "host"] or len(words) < 3:
            continue
        if not words[2].startswith("127.") or "tcp" in words:
            continue
        port = int(words[words.index("port") + 1]) if "port" in words[:-1] else 514
        found.append((words[2], port))
    return found


class Syslog:
    def __init__(self, forward: Callable[[str, str], None] | None = None) -> None:
        self.messages: deque[str] = deque(maxlen=LIMIT)
        self.logged = 0
        self.forward = forward  # called with (tag, the line) for each message logged

    def emit(self, tag: str, text: str, at: float | None = None) -> None:
        line = f"{stamp(at)}: %{tag}: {text}"
        self.messages.append(line)
        self.logged += 1
        if self.forward is not None:
            self.forward(tag, line)

    def boot(self, router: RouterState) -> None:
        """The messages of the (simulated) boot: restart, then each interface coming up."""
        self.messages.clear()
        self.logged = 0
        at = router.boot_time + 30
        self.emit("SYS-5-RESTART", "System restarted --", at)
        for block in router.interfaces():
            name = block.text.split(None, 1)[1]
            if block.find("shutdown") is not None:
                self.link(name, False, at + 2)
            else:
                self.link(name, True, at + 2)

    def link(self, name: str, up: bool, at: float | None = None) -> None:
        state = "up" if up else "administratively down"
        tag = "LINK-3-UPDOWN" if up else "LINK-5-CHANGED"
        self.emit(tag, f"Interface {name}, changed state to {state}", at)
        self.emit(
            "LINEPROTO-5-UPDOWN",
            f"Line protocol on Interface {name}, changed state to {'up' if up else 'down'}",
            at,
        )

    def configured(self, user: str, source: str, peer: str) -> None:
        self.emit("SYS-5-CONFIG_I", f"Configured from {source} by {user} on vty0 ({peer})")

    def login(self, router: RouterState, user: str, peer: str, ok: bool) -> None:
        """Logged only when ``login on-success|on-failure log`` asks for it, as on IOS."""
        when = time.strftime("%H:%M:%S UTC %a %b %d %Y", time.gmtime())
        if ok and router.has("login on-success log"):
            self.emit(
                "SEC_LOGIN-5-LOGIN_SUCCESS",
                f"Login Success [user: {user}] [Source: {peer}] [localport: 22] at {when}",
            )
        elif not ok and router.has("login on-failure log"):
            self.emit(
                "SEC_LOGIN-4-LOGIN_FAILED",
                f"Login failed [user: {user}] [Source: {peer}] [localport: 22] "
                f"[Reason: Login Authentication Failed] at {when}",
            )

    def buffer(self) -> list[str]:
        return list(self.messages)


def send(source: str, targets: list[tuple[str, int]], seq: int, tag: str, line: str) -> None:
    """One IOS syslog datagram (``<189>12: Dec  7 ...: %SYS-5-CONFIG_I: ...``, facility
    local7) from the router's own address to each target; a target away loses it, as UDP."""
    level = int(tag.split("-")[1]) if tag.count("-") >= 2 and tag.split("-")[1].isdigit() else 6
    data = f"<{23 * 8 + level}>{seq}: {line}".encode()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        # Not one of this machine's addresses: sent from the default one.
        with contextlib.suppress(OSError):
            sock.bind((source, 0))
        for target in targets:
            with contextlib.suppress(OSError):
                sock.sendto(data, target)
