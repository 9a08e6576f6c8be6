"""The running-config as a tree of lines, the config-mode engine that edits it, and diffs.

:class:`Configurator` applies one line the way IOS does: it parses the line in the current
mode and, when that fails, in each parent mode (leaving the sub-mode on success), so a file
with ``interface`` blocks followed by global lines applies correctly whatever its indentation.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from netauto.lab import acls
from netauto.lab import configspecial as special
from netauto.lab.grammar import MODES, Rule
from netauto.lab.parse import ParseError, match

# IOS keeps SNMPv3 users out of the running-config (``show snmp user`` lists them).
HIDDEN = ("snmp-server user ",)
HEADER = re.compile(r"^(Building configuration|Current configuration :|Using \d+ out of \d+)")


@dataclass
class Line:
    text: str
    children: list[Line] = field(default_factory=list)
    block: bool = False

    def find(self, text: str) -> Line | None:
        return next((c for c in self.children if c.text == text), None)

    def top(self, prefix: str) -> str | None:
        """The rest of the first child line starting with ``prefix``."""
        for child in self.children:
            if child.text.startswith(prefix):
                return child.text[len(prefix) :]
        return None

    def clone(self) -> Line:
        return copy.deepcopy(self)


def _head(text: str) -> str:
    words = text.split()
    if words[:1] == ["no"]:
        words = words[1:]
    return words[0] if words else ""


def _insert(parent: Line, new: Line, at: int | None = None, *, append: bool = False) -> None:
    if append:
        at = len(parent.children)
    if at is None:
        first = _head(new.text)
        same = [i for i, c in enumerate(parent.children) if _head(c.text) == first]
        if new.text.startswith("description"):
            at = 0
        elif same:
            at = same[-1] + 1
        else:
            at = len(parent.children)
    parent.children.insert(at, new)


class Configurator:
    """Applies config lines to a tree, tracking the current (sub-)mode."""

    def __init__(self, root: Line, *, append: bool = False) -> None:
        self.root = root
        self.append = append
        self.path: list[tuple[str, Line]] = [("config", root)]
        self.banner: special.Banner | None = None

    @property
    def mode(self) -> str:
        return self.path[-1][0]

    def exit(self) -> bool:
        """``exit``: leave the sub-mode; False when already at the top."""
        if len(self.path) == 1:
            return False
        self.path.pop()
        return True

    def apply(self, raw: str) -> bool:
        """Apply one line; returns True if the tree changed. Raises ParseError."""
        if self.banner is not None:
            text = special.feed_banner(self.banner, raw)
            if text is None:
                return False
            kind, self.banner = self.banner.kind, None
            return special.store_banner(self.root, kind, text)
        body = raw.strip()
        if not body or body.startswith("!"):
            return False
        started = special.start_banner(body)
        if started is not None:
            del self.path[1:]
            banner, text = started
            if text is None:
                self.banner = banner
                return False
            return special.store_banner(self.root, banner.kind, text)
        offset = len(raw) - len(raw.lstrip())
        negate = body.split()[0].lower() == "no"
        if negate:
            rest = body[2:]
            offset += 2 + len(rest) - len(rest.lstrip())
            body = rest.strip()
            if not body:
                raise ParseError("incomplete", len(raw.rstrip()))
        errors: list[ParseError] = []
        for depth in range(len(self.path) - 1, -1, -1):
            mode = MODES[self.path[depth][0]]
            try:
                found = match(mode.root, body, partial=negate)
            except ParseError as error:
                errors.append(error)
                continue
            del self.path[depth + 1 :]
            merged = self._special(found.words, negate)
            if merged is not None:
                return merged
            return self._perform(found.spec, found.words, negate, complete=found.spec is not None)
        worst = max(errors, key=lambda e: (e.column, e.kind == "incomplete"))
        raise ParseError(worst.kind, worst.column + offset, worst.token)

    def _special(self, words: list[str], negate: bool) -> bool | None:
        """Lines merged rather than stored: numbered ACL entries, ``username``."""
        mode, parent = self.path[-1]
        if mode.startswith("acl") and words and words[0].isdigit():
            return acls.place(parent, ("no " if negate else "") + " ".join(words))
        if mode == "config" and words[:1] == ["username"] and not negate:
            return special.merge_username(parent, " ".join(words))
        return None

    def _perform(self, rule: Rule | None, words: list[str], negate: bool, complete: bool) -> bool:
        mode, parent = self.path[-1]
        text = " ".join(words)
        if rule is not None and rule.mode:
            existing = parent.find(text)
            if negate:
                if existing is not None:
                    parent.children.remove(existing)
                return existing is not None
            created = existing is None
            if existing is None:
                existing = Line(text, block=True)
                _insert(parent, existing, append=self.append)
            self.path.append((rule.mode, existing))
            return created
        if rule is not None and not rule.stored:
            return False
        before = [c.text for c in parent.children]
        if negate:
            parent.children = [
                c for c in parent.children if c.text.split()[: len(words)] != words or c.block
            ]
            if (rule is not None and rule.negated and complete) or (
                mode == "if" and words == ["ip", "address"]
            ):
                negative = "no " + text
                if parent.find(negative) is None:
                    _insert(parent, Line(negative), append=self.append)
            return before != [c.text for c in parent.children]
        assert rule is not None
        for n in range(1, len(words) + 1):
            negated = parent.find("no " + " ".join(words[:n]))
            if negated is not None:
                parent.children.remove(negated)
        at: int | None = None
        if rule.key is not None:
            key = words[: rule.key]
            for i in range(len(parent.children) - 1, -1, -1):
                child = parent.children[i]
                if child.text.split()[: rule.key] == key and not child.block:
                    if key == ["ip", "address"] and child.text.endswith(" secondary"):
                        continue
                    del parent.children[i]
                    at = i
        if parent.find(text) is None:
            _insert(parent, Line(text), at, append=self.append and at is None)
        return before != [c.text for c in parent.children]


def _config_lines(text: str) -> Iterator[str]:
    """The lines of a config file up to its top-level ``end``, without IOS's header lines."""
    for raw in text.splitlines():
        if raw.strip() == "end" and not raw.startswith(" "):
            return
        if not HEADER.match(raw):
            yield raw


def apply_text(root: Line, text: str, *, append: bool = False) -> list[tuple[str, ParseError]]:
    """Apply a config file to ``root`` up to ``end``; returns the lines that failed."""
    failed: list[tuple[str, ParseError]] = []
    conf = Configurator(root, append=append)
    for raw in _config_lines(text):
        try:
            conf.apply(raw)
        except ParseError as error:
            failed.append((raw, error))
    return failed


def parse_lenient(text: str) -> Line:
    """A config file as a tree for diffs: lines the grammar rejects are kept verbatim."""
    root = Line("")
    conf = Configurator(root, append=True)
    for raw in _config_lines(text):
        try:
            conf.apply(raw)
        except ParseError:
            conf.path[-1][1].children.append(Line(raw.strip()))
    return root


def parse_config(text: str) -> tuple[Line, list[tuple[str, ParseError]]]:
    root = Line("")
    return root, apply_text(root, text, append=True)


def render(root: Line) -> list[str]:
    """The config lines as ``show running-config`` prints them (no header, no ``end``)."""
    out: list[str] = []
    for child in root.children:
        if child.text.startswith(HIDDEN):
            continue
        if child.block or child.children:
            if out and out[-1] != "!":
                out.append("!")
            out.append(child.text)
            out.extend(_render_children(child, 1))
            out.append("!")
        else:
            out.append(child.text)
    return out


def _render_children(node: Line, depth: int) -> list[str]:
    out: list[str] = []
    for child in node.children:
        # a certificate's closing quit is tab-indented in IOS XE's output
        quit = child.text == "quit" and node.text.startswith("certificate ")
        out.append(" " * depth + ("\t" if quit else "") + child.text)
        if child.block or child.children:
            out.extend(_render_children(child, depth + 1))
            if child.text.startswith("address-family"):
                out.append(" " * depth + "exit-address-family")
            elif child.text.startswith("vrrp "):  # IOS XE's VRRPv3 block
                out.append(" " * depth + "exit-vrrp")
    return out


def contextual_diff(old: Line, new: Line) -> list[str]:
    """IOS ``show archive config differences``: additions first, then removals."""
    return _walk(new, old, "+", 0) + _walk(old, new, "-", 0)


def _walk(this: Line, other: Line, sign: str, depth: int) -> list[str]:
    out: list[str] = []
    for child in this.children:
        twin = other.find(child.text)
        if twin is None:
            out.append(" " * depth + sign + child.text)
            out.extend(_signed(child, sign, depth + 1))
        elif child.children:
            below = _walk(child, twin, sign, depth + 1)
            if below:
                out.append(" " * depth + child.text)
                out.extend(below)
    return out


def _signed(node: Line, sign: str, depth: int) -> list[str]:
    out: list[str] = []
    for child in node.children:
        out.append(" " * depth + sign + child.text)
        out.extend(_signed(child, sign, depth + 1))
    return out
