"""Exec commands that ask before they act: ``clear counters`` and ``reload``.

As on IOS, a ``[confirm]`` question takes one key: Enter or ``y`` goes on, anything else
(``n``, Ctrl-C, another letter) cancels. ``reload`` first offers to save a modified
running-config (``[yes/no]``, a whole word; Ctrl-C cancels the reload). A confirmed reload cuts
every session of the router, which refuses connections for a few seconds
(:data:`netauto.lab.state.RELOAD_SECONDS`) and comes back with its startup-config.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab.parse import canonical_interface
from netauto.lab.syslog import stamp

if TYPE_CHECKING:
    from netauto.lab.shell import Session

ALL = 'Clear "show interface" counters on all interfaces '
ONE = 'Clear "show interface" counters on this interface '
SAVE = "System configuration has been modified. Save? [yes/no]: "
PROCEED = "Proceed with reload? [confirm]"


async def clear_counters(sh: Session, values: list[str]) -> str:
    name = canonical_interface(" ".join(values)) if values else None
    if values and (name is None or sh.router.running.find(f"interface {name}") is None):
        return "% Invalid input detected at '^' marker.\n"
    if not await sh.confirm((ONE if name else ALL) + "[confirm]"):
        return ""
    router = sh.router
    router.counters_cleared = time.time()
    where = f"interface {name}" if name else "all interfaces"
    router.syslog.emit(
        "CLEAR-5-COUNTERS", f"Clear counter on {where} by {sh.user} on vty{sh.vty} ({sh.peer})"
    )
    return ""


async def reload(sh: Session, values: list[str]) -> str:
    router = sh.router
    if router.modified:
        while True:
            answer = await sh.ask(SAVE)
            if answer is None or answer == "\x03":
                return ""
            word = answer.strip().lower()
            if word and "yes".startswith(word):
                sh.write("Building configuration...\n[OK]\n")
                router.save()
                break
            if word and "no".startswith(word):
                break
            sh.write("% Please answer 'yes' or 'no'.\n")
    if not await sh.confirm(PROCEED):
        return ""
    sh.write(
        f"\n{stamp()}: %SYS-5-RELOAD: Reload requested by "
        f"{sh.user} on vty{sh.vty} ({sh.peer}). Reload Reason: Reload Command.\n"
    )
    await asyncio.sleep(0.2)
    for session in list(router.lines):
        with contextlib.suppress(Exception):
            session.closed = True
            session.process.channel.get_connection().abort()
    router.reload()
    return ""


def register(command: Callable[..., Any]) -> None:
    command("clear counters", "clear counters <rest>")(clear_counters)
    command("reload", "reload <rest>")(reload)
