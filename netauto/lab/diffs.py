"""Archive diffs and the TCL file write: ``show archive config differences`` (contextual,
additions then removals), ``show archive config incremental-diffs`` (the lines of a file that
would change the running-config) and ``puts [open "flash:f" w+] {...}``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from netauto.lab.configtree import Configurator, contextual_diff, parse_lenient
from netauto.lab.defaults import hash_secret_line
from netauto.lab.flash import split_path
from netauto.lab.parse import ParseError, file_error
from netauto.lab.paths import alias, not_found, read

if TYPE_CHECKING:
    from netauto.lab.shell import Session

_PUTS = re.compile(r'^\s*puts \[open "([^"]+)" w\+?\] \{(.*)$')


async def differences(sh: Session, values: list[str]) -> str:
    first, second = (values[0], values[1]) if len(values) > 1 else ("running-config", values[0])
    texts = [read(sh.router, first), read(sh.router, second)]
    for path, text in zip((first, second), texts, strict=True):
        if text is None:
            return not_found(alias(path))
    diff = contextual_diff(parse_lenient(texts[0] or ""), parse_lenient(texts[1] or ""))
    body = "\n".join(diff) if diff else "!No changes were found"
    return f"\n!Contextual Config Diffs:\n{body}\n"


async def incremental(sh: Session, values: list[str]) -> str:
    text = read(sh.router, values[0])
    if text is None:
        return not_found(alias(values[0]))
    conf = Configurator(sh.router.running.clone())
    out: list[str] = []
    shown: set[int] = set()
    for raw in text.splitlines():
        if raw.strip() == "end":
            break
        before = [node for _, node in conf.path]
        try:
            changed = conf.apply(hash_secret_line(raw))
        except ParseError as error:
            out += file_error(raw, error)
            continue
        if not changed:
            continue
        context = [node for _, node in conf.path[1:]]
        entering = bool(context) and all(context[-1] is not node for node in before)
        parents = context[:-1] if entering else context
        for depth, node in enumerate(parents):
            if id(node) not in shown:
                out.append(" " * depth + node.text)
                shown.add(id(node))
        out.append(" " * len(parents) + raw.strip())
        if entering:
            shown.add(id(context[-1]))
    if not out:
        return "!List of Commands:\nend\n!No changes were found\n"
    return "!List of Commands:\n" + "\n".join(out) + "\nend\n"


async def tcl_command(sh: Session, line: str) -> str | None:
    """``puts [open "flash:f" w+] {...}`` (netmiko's inline transfer); None if not one."""
    found = _PUTS.match(line)
    if not found:
        return None
    path, first = found.group(1), found.group(2)
    lines = [first]
    while not lines[-1].endswith("}"):
        more = await sh.readline()
        if more is None:
            return ""
        lines.append(more)
    lines[-1] = lines[-1][:-1]
    content = "\n".join(lines) + "\n"
    _, name = split_path(path)
    if not sh.router.flash.write(name, content.encode()):
        return "couldn't open \"" + path + '": no space left on device\n'
    return ""
