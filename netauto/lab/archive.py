"""File, copy, archive and replace commands: what NAPALM's config lifecycle runs.

Outputs follow IOS closely because NAPALM judges them by text: a replace fails when its
output holds ``error``, ``failed`` or ``original configuration has been successfully
restored``, so success messages never contain those words.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab.configtree import (
    Line,
    apply_text,
)
from netauto.lab.defaults import hash_secret_line
from netauto.lab.flash import split_path
from netauto.lab.parse import file_error
from netauto.lab.paths import alias, not_found, read
from netauto.lab.state import Revert, RouterState

if TYPE_CHECKING:
    from netauto.lab.shell import Session


def _copied(size: int) -> str:
    return f"{size} bytes copied in 0.{size % 900 + 100} secs ({size * 4} bytes/sec)\n"


async def _confirm_name(sh: Session, default: str) -> str | None:
    if sh.router.file_prompt_quiet():
        return default
    answer = await sh.ask(f"Destination filename [{default}]? ")
    if answer is None:
        return None
    return answer.strip() or default


def register(command: Callable[..., Any]) -> None:
    """Add this module's commands to the exec grammar."""
    command("dir", "dir <word>")(_dir)
    command("verify /md5 <word>", "verify /md5 <word> <word>")(_verify)
    command("more <word>")(_more)
    command("copy <word> <word>")(_copy)
    command("delete <word>")(_delete)
    command("delete /force <word>")(_delete_force)
    command("write", "write memory")(_write)
    command("write terminal")(_write_terminal)
    command("configure replace <word> <rest?>")(_replace)
    command("configure confirm")(_confirm)
    command("configure revert now", "configure revert timer <int:1-120>")(_revert)
    from netauto.lab import diffs

    command("show archive config differences <word> <word>")(diffs.differences)
    command("show archive config differences <word>")(diffs.differences)
    command("show archive config incremental-diffs <word> <rest?>")(diffs.incremental)


async def _dir(sh: Session, values: list[str]) -> str:
    path = values[0] if values else "flash:"
    fs, name = split_path(path)
    if fs != "flash:":
        return f"%Error opening {fs}/{name} (No such device)\n"
    return sh.router.flash.dir(name or None)


async def _verify(sh: Session, values: list[str]) -> str:
    fs, name = split_path(values[0])
    digest = sh.router.flash.md5(name) if fs == "flash:" else None
    if digest is None:
        return not_found(f"{fs}/{name}")
    return f"{'.' * 40}Done!\nverify /md5 ({fs}/{name}) = {digest}\n"


async def _more(sh: Session, values: list[str]) -> str:
    text = read(sh.router, values[0])
    return not_found(values[0]) if text is None else text


async def _write(sh: Session, values: list[str]) -> str:
    sh.router.save()
    return "Building configuration...\n[OK]\n"


async def _write_terminal(sh: Session, values: list[str]) -> str:
    return sh.router.config_text()


async def _delete_force(sh: Session, values: list[str]) -> str:
    return _remove(sh, values[-1])


async def _delete(sh: Session, values: list[str]) -> str:
    fs, name = split_path(values[-1])
    if not sh.router.file_prompt_quiet():
        answer = await sh.ask(f"Delete filename [{name}]? ")
        confirm = await sh.ask(f"Delete {fs}/{answer or name}? [confirm]")
        if answer is None or confirm is None or confirm.strip().lower().startswith("n"):
            return ""
    return _remove(sh, values[-1])


def _remove(sh: Session, path: str) -> str:
    fs, name = split_path(path)
    if not sh.router.flash.delete(name):
        return f"%Error deleting {fs}/{name} (No such file or directory)\n"
    return ""


async def _copy(sh: Session, values: list[str]) -> str:
    router = sh.router
    source, target = alias(values[0]), alias(values[1])
    text = "" if source == "null:" else read(router, source)
    if text is None:
        return not_found(source)
    default = target.split("/", 1)[-1] if target.startswith("flash:") else target
    name = await _confirm_name(sh, default)
    if name is None:
        return ""
    if target == "running-config":
        return _merge(sh, text) + _copied(len(text))
    if target == "startup-config":
        router.startup_text = text if source != "running-config" else router.config_text()
        router.saved_at = time.time()
        return (
            "Building configuration...\n[OK]\n"
            if source == "running-config"
            else _copied(len(text))
        )
    fs, _ = split_path(target)
    if fs != "flash:":
        return f"%Error opening {target} (Permission denied)\n"
    if not router.flash.write(name, text.encode()):
        return f"%Error copying flash:/{name} (No space left on device)\n"
    return _copied(len(text))


def _merge(sh: Session, text: str) -> str:
    lines = [hash_secret_line(x) for x in text.splitlines()]
    failed = apply_text(sh.router.running, "\n".join(lines))
    sh.router.touch(sh.user)
    sh.router.syslog.configured(sh.user, "file", sh.peer)
    out = [text for raw, error in failed for text in file_error(raw, error)]
    return "\n".join(out) + "\n" if out else ""


async def _replace(sh: Session, values: list[str]) -> str:
    router = sh.router
    options = values[1].split() if len(values) > 1 else []
    trigger = "trigger" in options
    timer = int(options[options.index("timer") + 1]) if "timer" in options else None
    if (trigger or timer or "revert" in options) and not router.archive_enabled():
        return "%Please turn config archive on\n"
    text = read(router, values[0])
    if text is None:
        return not_found(alias(values[0]))
    if "force" not in options:
        answer = await sh.ask(
            "This will apply all necessary additions and deletions\nto replace the current "
            "running configuration with the\ncontents of the specified configuration file, "
            "which is\nassumed to be a complete configuration, not a partial\nconfiguration. "
            "Enter Y if you are sure you want to proceed. ? [no]: "
        )
        if not answer or not answer.strip().lower().startswith("y"):
            return ""
    lines = [hash_secret_line(x) for x in text.splitlines()]
    candidate = Line("")
    failed = apply_text(candidate, "\n".join(lines), append=True)
    old = router.running
    if failed and trigger:
        return (
            f"Failed to apply command {failed[0][0].strip()}\nAborting Rollback.\n\n"
            "Rollback failed.Reverting back to the original configuration: "
            f"flash:-{time.strftime('%b-%d-%H-%M-%S')}.000-0 ...\n\n"
            "Total number of passes: 1\nRollback Done\n\n"
            "The original configuration has been successfully restored.\n"
        )
    router.set_running(candidate, sh.user)
    if timer:
        _arm(sh, old, timer)
    if failed:
        listed = "\n".join(raw.strip() for raw, _ in failed)
        return (
            "The rollback configlet from the last pass is listed below:\n********\n"
            f"!List of Commands:\n{listed}\nend\n********\n\n\n"
            "Rollback aborted after 5 passes\n"
            "The following commands are failed to apply to the IOS image.\n"
            f"********\n{listed}\n********\n"
        )
    return "Total number of passes: 1\nRollback Done\n"


def _arm(sh: Session, snapshot: Any, minutes: int) -> None:
    router = sh.router
    if router.revert is not None:
        snapshot = router.revert.snapshot
        if router.revert.handle:
            router.revert.handle.cancel()
    loop = asyncio.get_running_loop()
    revert = Revert(snapshot, time.time() + minutes * 60, minutes, sh.user, time.time())
    revert.handle = loop.call_later(minutes * 60, _expire, router, revert)
    router.revert = revert


def _expire(router: RouterState, revert: Revert) -> None:
    if router.revert is revert:
        router.revert = None
        router.set_running(revert.snapshot, "rollback-timer")


def start_revert(sh: Session, minutes: int) -> str | None:
    """``configure terminal revert timer N``: arm the timer, or say why not."""
    if not sh.router.archive_enabled():
        return "%Archive feature not enabled. Rollback confirmed change is not allowed.\n"
    _arm(sh, sh.router.running.clone(), minutes)
    return None


async def _confirm(sh: Session, values: list[str]) -> str:
    revert = sh.router.revert
    if revert is None:
        return "%No Rollback Confirmed Change pending\n"
    if revert.handle:
        revert.handle.cancel()
    sh.router.revert = None
    return ""


async def _revert(sh: Session, values: list[str]) -> str:
    revert = sh.router.revert
    if revert is None:
        return "%No Rollback Confirmed Change pending\n"
    if values:
        _arm(sh, revert.snapshot, int(values[0]))
        return ""
    if revert.handle:
        revert.handle.cancel()
    sh.router.revert = None
    sh.router.set_running(revert.snapshot, sh.user)
    return ""
