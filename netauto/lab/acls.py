"""Access lists: read them from the running-config, number their entries, print them.

Named lists keep their entries in order without sequence numbers in the running-config (IOS
15 style); ``show access-lists`` numbers them 10, 20, ... An entry typed with a sequence number
is inserted at that place, and ``no <seq>`` removes one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netauto.lab.configtree import Line
    from netauto.lab.state import RouterState

ENTRY = re.compile(r"^(permit|deny)\s")


@dataclass
class Acl:
    name: str
    standard: bool
    entries: list[tuple[int, str]]


def lists(router: RouterState) -> list[Acl]:
    named: list[Acl] = []
    numbered: dict[str, Acl] = {}
    for child in router.running.children:
        words = child.text.split()
        if (
            words[:2] == ["ip", "access-list"]
            and len(words) > 3
            and words[2]
            in (
                "standard",
                "extended",
            )
        ):
            entries = [c.text for c in child.children if ENTRY.match(c.text)]
            named.append(Acl(words[3], words[2] == "standard", _numbered(entries)))
        elif words[:1] == ["access-list"] and len(words) > 3 and ENTRY.match(" ".join(words[2:])):
            number = int(words[1])
            acl = numbered.setdefault(
                words[1], Acl(words[1], number < 100 or 1300 <= number < 2000, [])
            )
            acl.entries.append((10 * (len(acl.entries) + 1), " ".join(words[2:])))
    ordered = sorted(numbered.values(), key=lambda a: int(a.name))
    return ordered + sorted(named, key=lambda a: a.name)


def _numbered(entries: list[str]) -> list[tuple[int, str]]:
    return [(10 * (i + 1), text) for i, text in enumerate(entries)]


def display(text: str, standard: bool) -> str:
    """An entry as ``show access-lists`` prints it."""
    words = text.split()
    if not standard:
        return " ".join(words)
    action, rest = words[0], words[1:]
    if rest[:1] == ["host"]:
        rest = rest[1:]
    if len(rest) >= 2 and re.match(r"^\d+\.\d+\.\d+\.\d+$", rest[1]):
        rest = [f"{rest[0]}, wildcard bits {rest[1]}", *rest[2:]]
    return f"{action:<6} {' '.join(rest)}"


def place(block: Line, text: str) -> bool | None:
    """Sequence-numbered ACL lines: insert or remove at the number; None if not one."""
    from netauto.lab.configtree import Line

    words = text.split()
    negate = words[:1] == ["no"]
    if negate:
        words = words[1:]
    if not words or not words[0].isdigit():
        return None
    seq = int(words[0])
    entries = [c for c in block.children if ENTRY.match(c.text)]
    index = seq // 10 - 1
    if negate:
        if len(words) == 1 and 0 <= index < len(entries) and seq % 10 == 0:
            block.children.remove(entries[index])
            return True
        return False
    new = Line(" ".join(words[1:]))
    if any(c.text == new.text for c in entries):
        return False
    at = sum(1 for s, _ in _numbered([c.text for c in entries]) if s < seq)
    if at < len(entries):
        block.children.insert(block.children.index(entries[at]), new)
    else:
        block.children.append(new)
    return True
