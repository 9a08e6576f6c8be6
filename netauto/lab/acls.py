"""Access lists: entries as IOS stores them, sequence numbers, removal, and the lists' view.

A named list's entries carry sequence numbers (``Line.seq``): an entry typed without one gets
the last number plus 10, one typed with a number already taken is refused with
``% Duplicate sequence number``, and an entry equal to one already there changes nothing. The
numbers of the other entries stay when one is removed (``no 20``, ``no permit ...``). IOS 15
does not print them in the running-config; IOS XE 17 does (`` 10 permit ...``).

Numbered lists are top-level ``access-list N ...`` lines; ``no access-list N ...`` removes the
whole list, as on IOS, and ``ip access-list standard|extended N`` edits one entry by entry.
Entries are stored normalised (:mod:`netauto.lab.aclwords`): ``deny`` padded as ``permit``,
``host``/``any`` for 0.0.0.0 and 255.255.255.255 wildcards, port names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from netauto.lab.aclwords import entry_text
from netauto.lab.configline import Line, split
from netauto.lab.parse import refuse

if TYPE_CHECKING:
    from netauto.lab.configtree import Configurator
    from netauto.lab.state import RouterState

ENTRY = re.compile(r"^(permit|deny)\s")
KINDS = ("standard", "extended")


@dataclass
class Acl:
    name: str
    standard: bool
    entries: list[tuple[int, str]] = field(default_factory=list)


def _is_named_block(node: Line) -> bool:
    words = node.text.split()
    return words[:2] == ["ip", "access-list"] and len(words) == 4 and words[2] in KINDS


def standard_number(number: int) -> bool:
    return number < 100 or 1300 <= number < 2000


def lists(router: RouterState) -> list[Acl]:
    """Every IPv4 list: numbered ones first (by number), then named ones (by name)."""
    named: list[Acl] = []
    numbered: dict[str, Acl] = {}
    for child in router.running.children:
        words = child.text.split()
        if _is_named_block(child):
            entries = [c for c in child.children if ENTRY.match(c.text)]
            named.append(
                Acl(
                    words[3],
                    words[2] == "standard",
                    [(c.seq or 10 * (i + 1), c.text) for i, c in enumerate(entries)],
                )
            )
        elif words[:1] == ["access-list"] and len(words) > 3 and ENTRY.match(" ".join(words[2:])):
            acl = numbered.setdefault(words[1], Acl(words[1], standard_number(int(words[1]))))
            acl.entries.append((10 * (len(acl.entries) + 1), " ".join(words[2:])))
    ordered = sorted(numbered.values(), key=lambda a: int(a.name))
    return ordered + sorted(named, key=lambda a: a.name)


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


def printed(parent: Line, child: Line, xe: bool) -> str:
    """A child line as the running-config prints it: XE numbers named lists' entries."""
    if xe and child.seq is not None and _is_named_block(parent):
        return f"{child.seq} {child.text}"
    return child.text


def apply(conf: Configurator, words: list[str], negate: bool) -> bool | None:
    """An ACL line: in a list's mode, or a numbered ``access-list`` line; None if neither."""

    mode, parent = conf.path[-1]
    words = split(words)
    if mode == "config":
        return _numbered_line(conf, words, negate)
    if mode not in ("acl-std", "acl-ext") or not words:
        return None
    standard = mode == "acl-std"
    number = _list_number(parent)
    if words[0].isdigit() and len(words) == 1:
        return _remove_seq(conf, parent, number, int(words[0])) if negate else None
    seq = int(words[0]) if words[0].isdigit() else None
    body = words[1:] if seq is not None else words
    text = entry_text(body, standard)
    if number is not None:
        return _numbered_entry(conf, number, seq, text, negate)
    entries = [c for c in parent.children if c.seq is not None]
    if negate:
        gone = [c for c in entries if c.text == text and (seq is None or c.seq == seq)]
        for child in gone:
            parent.children.remove(child)
        return bool(gone)
    if any(c.text == text for c in entries):
        return False
    taken = [c.seq for c in entries if c.seq is not None]
    if seq is None:
        seq = max(taken, default=0) + 10
    elif seq in taken:
        raise refuse("% Duplicate sequence number")

    new = Line(text, seq=seq)
    later = [i for i, c in enumerate(parent.children) if c.seq is not None and c.seq > seq]
    parent.children.insert(later[0] if later else len(parent.children), new)
    return True


def resequence(root: Line, name: str, start: int, step: int) -> bool:
    """``ip access-list resequence NAME START STEP``."""
    for block in root.children:
        if _is_named_block(block) and block.text.split()[3] == name:
            entries = [c for c in block.children if c.seq is not None]
            for index, child in enumerate(entries):
                child.seq = start + index * step
            return bool(entries)
    return False


def _list_number(parent: Line) -> str | None:
    """The number of a numbered list edited in the named-list mode (``ip access-list standard
    10``: a block outside the tree, its entries being top-level ``access-list 10`` lines)."""
    words = parent.text.split()
    return words[3] if len(words) == 4 and words[3].isdigit() else None


def _remove_seq(conf: Configurator, parent: Line, number: str | None, seq: int) -> bool:
    if number is not None:
        lines = _numbered_lines(conf.root, number)
        index = seq // 10 - 1
        if seq % 10 == 0 and 0 <= index < len(lines):
            conf.root.children.remove(lines[index])
            return True
        return False
    gone = [c for c in parent.children if c.seq == seq]
    for child in gone:
        parent.children.remove(child)
    return bool(gone)


def _numbered_lines(root: Line, number: str) -> list[Line]:
    return [c for c in root.children if c.text.split()[:2] == ["access-list", number]]


def _numbered_line(conf: Configurator, words: list[str], negate: bool) -> bool | None:

    if words[:2] == ["ip", "access-list"] and len(words) == 4 and words[2] in KINDS:
        if not words[3].isdigit():
            return None
        if negate:
            return _remove_list(conf.root, words[3])
        block = Line(" ".join(words), block=True)
        conf.path.append(("acl-std" if words[2] == "standard" else "acl-ext", block))
        return False
    if words[:2] == ["ip", "access-list"] and words[2:3] == ["resequence"] and len(words) == 6:
        return resequence(conf.root, words[3], int(words[4]), int(words[5]))
    if words[:1] != ["access-list"] or len(words) < 2:
        return None
    number = words[1]
    if negate:
        return _remove_list(conf.root, number)
    text = entry_text(words[2:], standard_number(int(number)))
    return _numbered_entry(conf, number, None, text, negate=False)


def _remove_list(root: Line, number: str) -> bool:
    gone = _numbered_lines(root, number)
    for line in gone:
        root.children.remove(line)
    return bool(gone)


def _numbered_entry(
    conf: Configurator, number: str, seq: int | None, text: str, negate: bool
) -> bool:
    from netauto.lab import order

    lines = _numbered_lines(conf.root, number)
    full = f"access-list {number} {text}"
    if negate:
        gone = [c for c in lines if c.text == full]
        for line in gone:
            conf.root.children.remove(line)
        return bool(gone)
    if any(c.text == full for c in lines):
        return False
    new = Line(full)
    if seq is not None:
        if seq % 10 == 0 and 0 < seq // 10 <= len(lines):
            raise refuse("% Duplicate sequence number")
        later = [c for i, c in enumerate(lines) if 10 * (i + 1) > seq]
        if later:
            conf.root.children.insert(conf.root.children.index(later[0]), new)
            return True
    if lines:
        conf.root.children.insert(conf.root.children.index(lines[-1]) + 1, new)
    else:
        order.insert(conf.root, new, "config", append=conf.append)
    return True
