"""The running-config as a tree of lines, the config-mode engine that edits it, and diffs.

:class:`Configurator` applies one line the way IOS does: it parses the line in the current
mode and, when that fails, in each parent mode (leaving the sub-mode on success), so a file
with ``interface`` blocks followed by global lines applies correctly whatever its indentation.
The lines indented under a rejected line are rejected with it: the children of a parent IOS
did not take are never read as commands of the mode around it.

What IOS does beyond storing a line lives beside this module: :mod:`~netauto.lab.removal`
(what a ``no`` form removes), :mod:`~netauto.lab.order` (where a new line goes),
:mod:`~netauto.lab.normalise` (how IOS stores what was typed), :mod:`~netauto.lab.acls`
(sequence-numbered entries) and :mod:`~netauto.lab.ifconfig` (``interface range``,
``default interface``, address checks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from netauto.lab import acls, ifconfig, normalise, order, removal
from netauto.lab import configspecial as special
from netauto.lab.configline import Line, Range, is_xe, split
from netauto.lab.configrender import contextual_diff, render
from netauto.lab.grammar import MODES, Rule
from netauto.lab.parse import ParseError, match

__all__ = [
    "Configurator",
    "Line",
    "Range",
    "apply_text",
    "contextual_diff",
    "is_xe",
    "parse_config",
    "parse_lenient",
    "render",
    "split",
]

HEADER = re.compile(r"^(Building configuration|Current configuration :|Using \d+ out of \d+)")


class Configurator:
    """Applies config lines to a tree, tracking the current (sub-)mode."""

    def __init__(self, root: Line, *, append: bool = False) -> None:
        self.root = root
        self.append = append
        self.path: list[tuple[str, Line]] = [("config", root)]
        self.banner: special.Banner | None = None
        self.dead: int | None = None  # the indentation of the last rejected line
        self.notices: list[str] = []  # IOS's informational lines (``... set to default``)

    @property
    def mode(self) -> str:
        return self.path[-1][0]

    @property
    def xe(self) -> bool:
        return is_xe(self.root)

    def exit(self) -> bool:
        """``exit``: leave the sub-mode; False when already at the top."""
        self.dead = None
        if len(self.path) == 1:
            return False
        self.path.pop()
        return True

    def take_notice(self) -> str:
        """What IOS printed beside the last lines (no error), once."""
        text = "".join(n + "\n" for n in self.notices)
        self.notices.clear()
        return text

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
        indent = len(raw) - len(raw.lstrip())
        if self.dead is not None:
            if indent > self.dead:
                raise ParseError("invalid", indent, body.split()[0])
            self.dead = None
        try:
            return self._apply(raw, body)
        except ParseError:
            self.dead = indent
            raise

    def _apply(self, raw: str, body: str) -> bool:
        started = special.start_banner(body)
        if started is not None:
            del self.path[1:]
            banner, text = started
            if text is None:
                self.banner = banner
                return False
            return special.store_banner(self.root, banner.kind, text)
        offset = len(raw) - len(raw.lstrip())
        first = body.split()[0].lower()
        negate = first == "no"
        default = len(first) > 2 and "default".startswith(first) and len(body.split()) > 1
        if negate or default:
            rest = body[len(first) :]
            offset += len(first) + len(rest) - len(rest.lstrip())
            body = rest.strip()
            if not body:
                raise ParseError("incomplete", len(raw.rstrip()))
        errors: list[ParseError] = []
        first = body.split()[0].lower()
        exact = [d for d, (name, _) in enumerate(self.path) if first in MODES[name].root.keywords]
        for depth in range(len(self.path) - 1, -1, -1):
            mode = MODES[self.path[depth][0]]
            if exact and depth > exact[-1]:
                # IOS reads ``key 2`` under ``key 1`` as the chain's ``key``, not as an
                # abbreviated ``key-string``: a keyword typed in full wins over a prefix.
                continue
            try:
                found = match(mode.root, body, partial=negate or default)
            except ParseError as error:
                errors.append(error)
                continue
            if found.spec is None and not removal.enough(
                found.node, len(split(found.words)), found.last_param
            ):
                errors.append(ParseError("incomplete", len(body)))
                continue
            del self.path[depth + 1 :]
            words = normalise.words(self, found.words, negate or default)
            if words != found.words:
                found = match(mode.root, " ".join(words), partial=negate or default)
                words = found.words
            if default and ifconfig.is_default_interface(self, words):
                return ifconfig.default_interface(self, words)
            return self._dispatch(found.spec, words, negate or default)
        worst = max(errors, key=lambda e: (e.column, e.kind == "incomplete"))
        raise ParseError(worst.kind, worst.column + offset, worst.token)

    def _dispatch(self, rule: Rule | None, words: list[str], negate: bool) -> bool:
        """One parsed line: the special families first, then the generic store or removal."""
        parent = self.path[-1][1]
        if isinstance(parent, Range):
            return ifconfig.each(self, parent, rule, words, negate)
        merged = self._special(rule, words, negate)
        if merged is not None:
            return merged
        changed = self._perform(rule, words, negate)
        return normalise.after(self, words, negate) or changed

    def _special(self, rule: Rule | None, words: list[str], negate: bool) -> bool | None:
        """Lines merged rather than stored: ACL entries, ``username``, interface checks."""
        mode, parent = self.path[-1]
        if mode.startswith("acl") or (
            mode == "config"
            and (words[:1] == ["access-list"] or words[:2] == ["ip", "access-list"])
        ):
            done = acls.apply(self, words, negate)
            if done is not None:
                return done
        if mode == "config" and words[:1] == ["username"] and not negate:
            return special.merge_username(parent, " ".join(words))
        if mode == "config":
            servers = normalise.name_servers(self, words, negate)
            if servers is not None:
                return servers
        if mode == "config" and words[:1] == ["interface"]:
            return ifconfig.enter(self, rule, words, negate)
        if mode in ifconfig.MODES:
            return ifconfig.check(self, words, negate)
        return None

    def _perform(self, rule: Rule | None, words: list[str], negate: bool) -> bool:
        mode, parent = self.path[-1]
        text = " ".join(words)
        if rule is not None and rule.mode and rule.flat:
            changed = self._perform(Rule(key=rule.key), words, negate)
            if not negate:
                self.path.append((rule.mode, parent))
            return changed
        if rule is not None and rule.mode:
            if negate:
                gone = removal.blocks(mode, parent, words)
                for block in gone:
                    parent.children.remove(block)
                return bool(gone)
            existing = parent.find(text)
            created = existing is None
            entered = rule.mode
            if entered == "if" and "." in words[-1]:
                entered = "subif"  # IOS's prompt for a subinterface: (config-subif)
            if existing is None:
                existing = Line(text, block=True)
                if mode == "config" and words[0] == "interface" and not self.append:
                    existing.children.append(Line("no ip address"))  # as IOS shows a new one
                order.insert(parent, existing, mode, append=self.append)
            self.path.append((entered, existing))
            return created
        if rule is not None and not rule.stored and not rule.negated:
            return False
        before = [c.text for c in parent.children]
        if negate:
            gone = removal.lines(mode, parent, words, rule)
            if rule is None:  # a no form naming a block by its first words (``no track 1``)
                gone += removal.blocks(mode, parent, words)
            parent.children = [c for c in parent.children if all(c is not g for g in gone)]
            complete = rule is not None and len(words) >= 1
            if (rule is not None and rule.negated and complete) or (
                mode in ifconfig.MODES
                and words[:2] == ["ip", "address"]
                and ifconfig.unaddressed(parent)
            ):
                shown = split(words)[: rule.key] if rule is not None and rule.key else words
                negative = "no " + " ".join(words[:2] if mode in ifconfig.MODES else shown)
                if parent.find(negative) is None:
                    order.insert(parent, Line(negative), mode, append=self.append)
            return before != [c.text for c in parent.children]
        assert rule is not None
        for n in range(1, len(words) + 1):
            negated = parent.find("no " + " ".join(words[:n]))
            if negated is not None:
                parent.children.remove(negated)
        if not rule.stored:  # ``logging trap``: back to the default, which IOS does not print
            return before != [c.text for c in parent.children]
        at: int | None = None
        if rule.key is not None:
            key = split(words)[: rule.key]
            for i in range(len(parent.children) - 1, -1, -1):
                child = parent.children[i]
                if child.text.split()[: rule.key] == key and not child.block:
                    if key == ["ip", "address"] and child.text.endswith(" secondary"):
                        continue
                    del parent.children[i]
                    at = i
        if parent.find(text) is None:
            new = Line(text)
            if at is not None:
                parent.children.insert(at, new)
            else:
                order.insert(parent, new, mode, append=self.append)
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
    """A config file as a tree for diffs: lines the grammar rejects are kept verbatim, with the
    lines indented under them as their children."""
    root = Line("")
    conf = Configurator(root, append=True)
    kept: list[tuple[int, Line]] = []  # the verbatim lines still open, with their indentation
    for raw in _config_lines(text):
        indent = len(raw) - len(raw.lstrip())
        try:
            conf.apply(raw)
            kept.clear()
        except ParseError:
            line = Line(raw.strip())
            while kept and kept[-1][0] >= indent:
                kept.pop()
            (kept[-1][1] if kept else conf.path[-1][1]).children.append(line)
            kept.append((indent, line))
    return root


def parse_config(text: str) -> tuple[Line, list[tuple[str, ParseError]]]:
    root = Line("")
    return root, apply_text(root, text, append=True)
