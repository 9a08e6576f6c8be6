"""Exec-mode commands: the grammar (abbreviations, caret errors), pipes and the handlers.

Handlers are coroutines ``(session, values) -> output``; the file, copy, archive and replace
commands live in :mod:`netauto.lab.archive`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from netauto.lab import (
    archive,
    diffs,
    execs_system,
    netexec,
    pipes,
    shows,
    shows_bgp,
    shows_eigrp,
    shows_fhrp,
    shows_link,
    shows_neighbors,
    shows_ospf,
    shows_platform,
    shows_policy,
    shows_protocols,
    shows_routing,
    shows_services,
    shows_system,
    shows_tables,
    shows_terminal,
    shows_xe,
)
from netauto.lab.parse import Match, Node, ParseError, compile_specs, error_text, match

if TYPE_CHECKING:
    from netauto.lab.shell import Session

Handler = Callable[["Session", list[str]], Awaitable[str]]
SPECS: list[tuple[str, int, Handler]] = []


def command(*patterns: str, level: int = 15) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        SPECS.extend((p, level, handler) for p in patterns)
        return handler

    return register


def _static(text: Callable[[Session], str | None]) -> Handler:
    async def handler(sh: Session, values: list[str]) -> str:
        return text(sh) or ""

    return handler


SHOWS: list[tuple[str, int, Callable[[Session], str | None]]] = [
    ("show version", 1, lambda s: shows_platform.show_version(s.router)),
    ("show hosts", 1, lambda s: shows.show_hosts(s.router)),
    ("show ip interface brief", 1, lambda s: shows.show_ip_interface_brief(s.router)),
    ("show ipv6 interface", 1, lambda s: shows.show_ipv6_interface(s.router)),
    ("show interfaces", 1, lambda s: shows.show_interfaces(s.router)),
    ("show interfaces description", 1, lambda s: shows.show_interfaces_description(s.router)),
    ("show running-config", 15, lambda s: shows.running_config(s.router)),
    ("show startup-config", 15, lambda s: shows.startup_config(s.router)),
    ("show archive", 15, lambda s: shows_system.show_archive(s.router)),
    ("show archive config rollback timer", 15, lambda s: shows_system.rollback_timer(s.router)),
    ("show inventory", 1, lambda s: shows_platform.show_inventory(s.router)),
    ("show license", 1, lambda s: shows_platform.show_license(s.router)),
    ("show boot", 1, lambda s: shows_platform.show_boot(s.router)),
    ("show bootvar", 1, lambda s: shows_platform.show_boot(s.router)),
    ("show file systems", 1, lambda s: shows_platform.show_file_systems(s.router)),
    ("show environment temperature status", 1, lambda s: shows_system.show_env_temperature()),
    ("show privilege", 1, lambda s: f"Current privilege level is {s.privilege}\n"),
]
for _pattern, _level, _func in SHOWS:
    command(_pattern, level=_level)(_static(_func))


@command("show interfaces <if>", level=1)
async def _show_interface(sh: Session, values: list[str]) -> str:
    return shows.show_interfaces(sh.router, values[0]) or ""


@command("show ip interface", "show ip interface <if>", level=1)
async def _show_ip_interface(sh: Session, values: list[str]) -> str:
    name = values[0] if values else None
    if name is not None and sh.router.running.find(f"interface {name}") is None:
        return "% Invalid input detected at '^' marker.\n"
    return shows.show_ip_interface(sh.router, name)


@command("show running-config interface <if>")
async def _show_run_interface(sh: Session, values: list[str]) -> str:
    block = sh.router.running.find(f"interface {values[0]}")
    if block is None:
        return f"%Interface {values[0]} not configured\n"
    return shows.running_config(sh.router, block)


@command("terminal length <int:0-512>", level=1)
async def _terminal_length(sh: Session, values: list[str]) -> str:
    sh.term_length = int(values[0])
    return ""


@command("terminal width <int:0-512>", level=1)
async def _terminal_width(sh: Session, values: list[str]) -> str:
    sh.term_width = int(values[0])
    return ""


@command("enable", "enable <int:15-15>", level=1)
async def _enable(sh: Session, values: list[str]) -> str:
    if sh.privilege >= 15:
        return ""
    for _ in range(3):
        secret = await sh.ask("Password: ", echo=False)
        if secret is None:
            return ""
        if sh.router.check_enable(secret):
            sh.privilege = 15
            return ""
    return "% Bad secrets\n"


@command("disable", level=1)
async def _disable(sh: Session, values: list[str]) -> str:
    sh.privilege = 1
    return ""


@command("exit", "logout", "quit", level=1)
async def _exit(sh: Session, values: list[str]) -> str:
    sh.close()
    return ""


@command("tclsh")
async def _tclsh(sh: Session, values: list[str]) -> str:
    sh.tcl = True
    return ""


@command("configure terminal", "configure terminal revert timer <int:1-120>")
async def _configure_terminal(sh: Session, values: list[str]) -> str:
    if values:
        problem = archive.start_revert(sh, int(values[0]))
        if problem:
            return problem
    sh.enter_config()
    return "Enter configuration commands, one per line.  End with CNTL/Z.\n"


for _module in (
    archive,
    execs_system,
    netexec,
    shows_bgp,
    shows_eigrp,
    shows_fhrp,
    shows_link,
    shows_neighbors,
    shows_ospf,
    shows_policy,
    shows_protocols,
    shows_routing,
    shows_services,
    shows_tables,
    shows_terminal,
    shows_xe,
):
    _module.register(command)

_TREES: dict[int, Node] = {}


def tree(level: int) -> Node:
    if level not in _TREES:
        _TREES[level] = compile_specs([(p, h) for p, lv, h in SPECS if lv <= level])
    return _TREES[level]


async def run(sh: Session, line: str, offset: int = 0) -> str:
    """Run one exec command line (with pipes); ``offset`` shifts the caret (``do``)."""
    prompt_len = len(sh.prompt) + offset
    if not line.strip():
        return ""
    head, flt, column = pipes.split(line)
    try:
        found: Match = match(tree(sh.privilege), head)
    except ParseError as error:
        return error_text(error, line, prompt_len)
    handler: Handler = found.spec
    output = await handler(sh, found.values)
    if flt is None:
        return output
    try:
        return pipes.apply(output, flt)
    except ParseError as error:
        error.column += column
        return error_text(error, line, prompt_len)


async def tcl_line(sh: Session, line: str) -> str:
    text = line.strip()
    if text in ("tclquit", "exit"):
        sh.tcl = False
        return ""
    handled = await diffs.tcl_command(sh, line)
    return handled if handled is not None else await run(sh, line)
