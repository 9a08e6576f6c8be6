"""One simulated router's state: configs, flash, archive, revert timer, faults, identity.

All mutation happens on the fleet's event loop; other threads go through :class:`Fleet`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netauto.lab.configtree import Line, parse_config, render
from netauto.lab.defaults import Identity, check_secret, default_config
from netauto.lab.faults import Faults
from netauto.lab.flash import Flash
from netauto.lab.models import DEFAULT_MODEL, MODELS, Model
from netauto.lab.syslog import Syslog

UPTIME_BASE = 41 * 86400 + 3 * 3600
RELOAD_SECONDS = 3.0  # how long a reloading router refuses connections


def clock(stamp: float | None = None) -> str:
    """IOS clock format: ``10:12:13 UTC Mon Jan 6 2025``."""
    t = time.gmtime(time.time() if stamp is None else stamp)
    return time.strftime("%H:%M:%S UTC %a %b ", t) + f"{t.tm_mday} {t.tm_year}"


@dataclass
class Revert:
    """A pending ``configure ... revert timer``: the config to return to and when."""

    snapshot: Line
    deadline: float
    minutes: int
    user: str
    configured: float
    handle: asyncio.TimerHandle | None = None


class RouterState:
    def __init__(
        self,
        name: str,
        number: int,
        address: str,
        flash_dir: Path,
        *,
        user_mode: bool = False,
        model: Model | None = None,
    ) -> None:
        self.name = name
        self.address = address
        self.model = model or MODELS[DEFAULT_MODEL]
        self.identity = Identity(name, number)
        self.user_mode = user_mode
        self.flash = Flash(flash_dir, self.model)
        self.syslog = Syslog(forward=self._forward)
        self.faults = Faults()
        self.sessions = 0
        self.logins = 0
        self.lines: list[Any] = []  # the interactive sessions, for show users
        self.on_fault_change: Callable[[RouterState], None] | None = None
        self.reset()

    def reset(self) -> None:
        """Back to factory state: default configs, empty flash and archive, no faults."""
        if hasattr(self, "revert") and self.revert is not None and self.revert.handle:
            self.revert.handle.cancel()
        text = default_config(self.name, self.identity.number, self.model, user_mode=self.user_mode)
        self.running, _ = parse_config(text)
        self.boot_time = time.time() - UPTIME_BASE - self.identity.number * 3700
        self.changed_at = self.boot_time
        self.changed_by = "console"
        self.saved_at = self.boot_time
        self.startup_text = self.config_text(nvram=True)
        self.archives: list[str] = []
        self.archive_index = 0
        self.revert: Revert | None = None
        self.flash.wipe()
        self.flash.full = False
        self.faults = Faults()
        self.counters_cleared: float | None = None
        self.reloading_until = 0.0
        self.reload_reason = "power-on"
        self.syslog.boot(self)

    def reload(self) -> None:
        """``reload``: back to the startup-config, uptime from zero, counters cleared; the
        router refuses connections for RELOAD_SECONDS, as it would while it boots."""
        from netauto.lab.configtree import parse_config

        if self.revert is not None and self.revert.handle:
            self.revert.handle.cancel()
        self.revert = None
        self.running, _ = parse_config(self.startup_text)
        self.boot_time = time.time() - 30
        self.changed_at = self.saved_at = self.boot_time
        self.counters_cleared = None
        self.reload_reason = "Reload Command"
        self.reloading_until = time.time() + RELOAD_SECONDS
        self.syslog.boot(self)

    @property
    def reloading(self) -> bool:
        return time.time() < self.reloading_until

    @property
    def modified(self) -> bool:
        """Whether the running-config changed since it was last saved."""
        return self.changed_at > self.saved_at

    @property
    def hostname(self) -> str:
        return self.running.top("hostname ") or "Router"

    @property
    def domain(self) -> str | None:
        return self.running.top("ip domain name ") or self.running.top("ip domain-name ")

    def has(self, text: str) -> bool:
        return self.running.find(text) is not None

    def archive_enabled(self) -> bool:
        return not self.faults.archive_disabled and self.running.find("archive") is not None

    def scp_allowed(self) -> bool:
        return not self.faults.scp_disabled and self.has("ip scp server enable")

    def file_prompt_quiet(self) -> bool:
        return self.has("file prompt quiet")

    def check_login(self, username: str, password: str) -> int | None:
        """The privilege level a login gets, None if the credentials are wrong."""
        if self.faults.auth == "fail":
            return None
        for line in self.running.children:
            words = line.text.split()
            if words[:2] != ["username", username]:
                continue
            privilege = int(words[3]) if words[2:3] == ["privilege"] else 1
            for kind in ("secret", "password"):
                if kind in words:
                    stored = " ".join(words[words.index(kind) + 1 :])
                    if check_secret(stored, password):
                        return privilege
        return None

    def check_enable(self, password: str) -> bool:
        for prefix in ("enable secret ", "enable password "):
            stored = self.running.top(prefix)
            if stored is not None:
                return check_secret(stored, password)
        return False

    def config_text(self, nvram: bool = False) -> str:
        """The config as ``copy running-config`` writes it to a file."""
        lines = [
            "!",
            f"! Last configuration change at {clock(self.changed_at)} by {self.changed_by}",
        ]
        if nvram:
            lines.append(
                f"! NVRAM config last updated at {clock(self.saved_at)} by {self.changed_by}"
            )
        lines.append("!")
        lines += render(self.running)
        lines.append("end")
        return "\n".join(lines) + "\n"

    def set_running(self, root: Line, user: str) -> None:
        self.running = root
        self.touch(user)

    def _forward(self, tag: str, line: str) -> None:
        """Send a logged message to the configured loopback ``logging host`` servers."""
        from netauto.lab.syslog import logging_hosts, send

        targets = logging_hosts(self)
        if targets:
            send(self.address, targets, self.syslog.logged, tag, line)

    def touch(self, user: str) -> None:
        self.changed_at = time.time()
        self.changed_by = user

    def save(self) -> None:
        """``write memory``: startup-config, and an archive copy if ``write-memory`` is set."""
        self.saved_at = time.time()
        self.startup_text = self.config_text(nvram=True)
        block = self.running.find("archive")
        if self.archive_enabled() and block is not None and block.find("write-memory"):
            self.archive_now()

    def archive_now(self) -> str:
        block = self.running.find("archive")
        base = (block.top("path ") if block else None) or "flash:archive"
        name = f"{base}-{self.archive_index}"
        self.archive_index += 1
        self.archives.append(name)
        maximum = int((block.top("maximum ") if block else None) or 14)
        while len(self.archives) > maximum:
            self.archives.pop(0)
        return name

    def uptime(self) -> str:
        seconds = int(time.time() - self.boot_time)
        parts: list[str] = []
        for unit, size in (
            ("year", 31536000),
            ("week", 604800),
            ("day", 86400),
            ("hour", 3600),
            ("minute", 60),
        ):
            count, seconds = divmod(seconds, size)
            if count:
                parts.append(f"{count} {unit}{'s' if count > 1 else ''}")
        return ", ".join(parts) or "0 minutes"

    def interfaces(self) -> list[Line]:
        return [c for c in self.running.children if c.text.startswith("interface ")]

    def status(self) -> dict[str, object]:
        return {
            "name": self.name,
            "address": self.address,
            "hostname": self.hostname,
            "model": self.model.key,
            "faults": self.faults.active(),
            "sessions": self.sessions,
            "logins": self.logins,
            "revert_pending": self.revert is not None,
        }
