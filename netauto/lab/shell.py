"""The interactive CLI session: echo, line editing, prompts, modes, paging, faults.

The session echoes what it reads character by character (netmiko waits for the echo of every
command), ignores NUL bytes (NAPALM's is_alive), treats ``\\r``, ``\\n`` and ``\\r\\n`` as
one end of line and answers a bare Enter with a fresh prompt.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import asyncssh

from netauto.lab import execs
from netauto.lab.configtree import Configurator
from netauto.lab.defaults import hash_secret_line
from netauto.lab.faults import SLOW_SECONDS
from netauto.lab.grammar import MODES
from netauto.lab.parse import ParseError, error_text
from netauto.lab.state import RouterState

CONSOLE = re.compile(r"^(\s*(?:no\s+)?line\s+)console(\s)", re.IGNORECASE)


class Dropped(Exception):
    """The connection was cut on purpose (the ``drop`` fault)."""


class Session:
    router: RouterState
    user: str
    privilege: int
    term_length: int
    term_width: int
    tcl: bool

    def __init__(
        self, router: RouterState, process: asyncssh.SSHServerProcess[Any], user: str, level: int
    ) -> None:
        self.router = router
        self.process = process
        self.user = user
        self.privilege = level
        self.conf: Configurator | None = None
        self.tcl = False
        self.term_length = 24
        self.term_width = 80
        self._buffer = ""
        self._last_cr = False
        self.closed = False
        peer = process.get_extra_info("peername")
        self.peer = str(peer[0]) if peer else "127.0.0.1"
        self.vty = 0
        self.last_input = self.started = time.time()
        self.changed = False

    # -- terminal I/O -------------------------------------------------------------------
    def write(self, text: str) -> None:
        if text and not self.closed and not self.process.channel.is_closing():
            self.process.stdout.write(text.replace("\r\n", "\n").replace("\n", "\r\n"))

    async def _fill(self) -> bool:
        data = await self.process.stdin.read(4096)
        if not data:
            return False
        self._buffer += data
        return True

    async def readline(self, echo: bool = True) -> str | None:
        """One line of input, echoed as it is read; None at end of input."""
        line: list[str] = []
        echoed: list[str] = []
        while True:
            if not self._buffer:
                self.write("".join(echoed))
                echoed.clear()
                if not await self._fill():
                    return None
            char, self._buffer = self._buffer[0], self._buffer[1:]
            if char == "\n" and self._last_cr:
                self._last_cr = False
                continue
            self._last_cr = char == "\r"
            if char in "\r\n":
                # IOS ends the line even when it did not echo it (after a password), so
                # the next prompt starts on a line of its own.
                self.write("".join(echoed) + "\n")
                self.last_input = time.time()
                return "".join(line)
            if char == "\x00":
                continue
            if char in "\x08\x7f":
                if line:
                    line.pop()
                    if echo:
                        echoed.append("\b \b")
                continue
            if char == "\x1a":
                self.write("".join(echoed))
                return "\x1a"
            if char == "\x03":  # Ctrl-C: IOS drops the line (and aborts a question)
                self.write("".join(echoed) + "\n")
                return "\x03"
            line.append(char)
            if echo:
                echoed.append(char)

    async def ask(self, question: str, echo: bool = True) -> str | None:
        self.write(question)
        return await self.readline(echo)

    async def confirm(self, question: str) -> bool:
        """An IOS ``[confirm]`` question: one key, Enter or y/Y confirms, anything else
        (``n``, Ctrl-C, another letter) cancels. Nothing is echoed; the line then ends."""
        self.write(question)
        while not self._buffer:
            if not await self._fill():
                return False
        key, self._buffer = self._buffer[0], self._buffer[1:]
        if key == "\r" and self._buffer.startswith("\n"):
            self._buffer = self._buffer[1:]
        self._last_cr = False
        self.last_input = time.time()
        self.write("\n")
        return key in "\r\nyY"

    async def page(self, text: str) -> None:
        """Write command output, pausing with --More-- when terminal length is set."""
        lines = text.split("\n")
        if self.term_length == 0 or len(lines) < self.term_length:
            self.write(text)
            return
        size, shown = self.term_length - 1, 0
        while shown < len(lines):
            chunk = lines[shown : shown + size]
            shown += len(chunk)
            self.write("\n".join(chunk) + ("\n" if shown < len(lines) else ""))
            if shown >= len(lines):
                return
            self.process.stdout.write(" --More-- ")
            if not self._buffer and not await self._fill():
                return
            key, self._buffer = self._buffer[0], self._buffer[1:]
            self.process.stdout.write("\b" * 10 + " " * 10 + "\b" * 10)
            if key in "qQ":
                return
            size = 1 if key in "\r\n" else self.term_length - 1

    # -- prompt and modes ---------------------------------------------------------------
    @property
    def prompt(self) -> str:
        name = self.router.hostname
        if self.tcl:
            return f"{name}(tcl)#"
        if self.conf is not None and self.conf.banner is not None:
            return ""
        if self.conf is not None:
            return name + MODES[self.conf.mode].prompt + "#"
        return name + ("#" if self.privilege >= 15 else ">")

    def enter_config(self) -> None:
        self.conf = Configurator(self.router.running)
        self.changed = False

    def leave_config(self) -> None:
        """Back to exec mode; IOS logs %SYS-5-CONFIG_I when the session changed something."""
        self.conf = None
        if self.changed:
            self.router.syslog.configured(self.user, "console", self.peer)
        self.changed = False

    # -- main loop ----------------------------------------------------------------------
    async def run(self) -> None:
        self.router.sessions += 1
        used = {other.vty for other in self.router.lines}
        self.vty = next(n for n in range(len(used) + 1) if n not in used)
        self.router.lines.append(self)
        try:
            self.write(self.prompt)
            while not self.closed:
                line = await self.readline(echo=not self.router.faults.hang)
                if line is None:
                    break
                if self.router.faults.hang:
                    continue
                await self.handle(line)
                if not self.closed:
                    self.write(self.prompt)
        except Dropped:
            self.closed = True
        finally:
            self.router.sessions -= 1
            self.router.lines.remove(self)

    async def handle(self, line: str) -> None:
        faults = self.router.faults
        if line.strip() and faults.latency:
            await asyncio.sleep(faults.latency)
        if faults.slow and line.strip() and re.search(faults.slow, line):
            await asyncio.sleep(SLOW_SECONDS)
        if faults.invalid and any(line.strip().startswith(c) for c in faults.invalid):
            self.write(error_text(ParseError("invalid", 0), line, len(self.prompt)))
            return
        output = await self.dispatch(line)
        if faults.nul and line.strip() and re.search(faults.nul, line):
            first, newline, rest = output.partition("\n")
            output = first + "\x00" + newline + rest
        if faults.drop and line.strip() and re.search(faults.drop, line):
            self.write(output[: len(output) // 2])
            self.process.channel.get_connection().abort()
            raise Dropped
        await self.page(output)

    async def dispatch(self, line: str) -> str:
        if line == "\x03":
            return ""
        if self.tcl:
            return await execs.tcl_line(self, line)
        if self.conf is not None:
            return await self.config_line(line)
        return await execs.run(self, line)

    async def config_line(self, line: str) -> str:
        assert self.conf is not None
        text = line.strip()
        word = text.split()[0].lower() if text else ""
        pending = self.conf.banner is not None
        if not pending and (text == "\x1a" or word == "end"):
            self.leave_config()
            return ""
        if not pending and word == "exit" and len(text.split()) == 1:
            if not self.conf.exit():
                self.leave_config()
            return ""
        if not pending and word == "do" and len(text.split()) > 1:
            return await execs.run(self, text[2:].strip(), offset=line.index(text) + 3)
        before = self._links()
        if not pending:
            # IOS reads "line console 0" (unicon's init) as "line con 0"
            line = CONSOLE.sub(r"\1con\2", line)
        try:
            changed = self.conf.apply(line if pending else hash_secret_line(line))
        except ParseError as error:
            return error_text(error, line, len(self.prompt))
        if changed:
            self.router.touch(self.user)
            self.changed = True
            self._logging_host(text)
            for name, up in self._links().items():
                if before.get(name, up) != up:
                    self.router.syslog.link(name, up)
        notice = self.conf.take_notice()
        if notice:
            return notice
        if not pending and self.conf.banner is not None:
            return (
                f"Enter TEXT message.  End with the character '{self.conf.banner.delimiter[0]}'.\n"
            )
        return ""

    def _logging_host(self, text: str) -> None:
        """IOS says when it starts sending to a new logging host."""
        words = text.split()
        if words[:2] == ["logging", "host"] and len(words) > 2:
            port = words[words.index("port") + 1] if "port" in words[:-1] else "514"
            self.router.syslog.emit(
                "SYS-6-LOGGINGHOST_STARTSTOP",
                f"Logging to host {words[2]} port {port} started - CLI initiated",
            )

    def _links(self) -> dict[str, bool]:
        return {
            b.text.split(None, 1)[1]: b.find("shutdown") is None for b in self.router.interfaces()
        }

    def close(self) -> None:
        self.closed = True
        self.process.exit(0)
