"""IOS configs as hier-config trees: parse, scope to a feature, and print back as IOS does.

hier-config (``Platform.CISCO_IOS``) knows IOS's negations, idempotent commands and the order
a remediation must follow; this module only adapts text in and out of it: comment lines, the
``end`` line and the header a ``show running-config`` adds are dropped, a one-line banner
(``banner motd ^C...^C``, which hier-config would read as an unterminated multi-line banner)
is kept as one line, and lines are printed with IOS's one-space indentation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from hier_config import HConfig, get_hconfig
from hier_config.models import IdempotentCommandsRule, MatchRule
from hier_config.platforms.cisco_ios.driver import HConfigDriverCiscoIOS

if TYPE_CHECKING:
    from hier_config.child import HConfigChild

    from netauto.compliance.rules import Feature

# A one-line banner starts with this word instead of "banner" while hier-config holds it.
_BANNER = "netauto-banner"
_HEADER = ("Building configuration", "Current configuration")
_ACL = ("ip access-list ", "no ip access-list ")
_NUMBERED = re.compile(r"^(no )?\d+ ")


def _one_line_banner(line: str) -> bool:
    words = line.split(maxsplit=2)
    if len(words) < 3 or words[0] != "banner":
        return False
    delimiter = words[2][:2] if words[2].startswith("^") else words[2][:1]
    return words[2].count(delimiter) >= 2


def _cleaned(text: str) -> str:
    kept = []
    for raw in text.splitlines():
        line = raw.rstrip()
        body = line.strip()
        if not body or body.startswith("!") or line.startswith(_HEADER):
            continue
        if line == "end":
            continue
        if _one_line_banner(line):
            line = _BANNER + line[len("banner") :]
        kept.append(line)
    return "\n".join(kept) + "\n"


def _ios_driver() -> HConfigDriverCiscoIOS:
    """hier-config's IOS driver, told what IOS does with a banner: a new one replaces the old
    one of its kind (no negation first)."""
    driver = HConfigDriverCiscoIOS()
    banner = MatchRule(re_search=rf"^{_BANNER} (\S+)")
    driver.rules.idempotent_commands.append(IdempotentCommandsRule(match_rules=(banner,)))
    return driver


_DRIVER = _ios_driver()  # read-only once built: shared by every tree (one driver class)


def parse(text: str) -> HConfig:
    """An IOS config (running, backup or intended) as a hier-config tree."""
    return get_hconfig(_DRIVER, _cleaned(text))


def shown(text: str) -> str:
    """A line's text as IOS writes it (a one-line banner back to ``banner``)."""
    if text.startswith("no " + _BANNER):
        return "no banner " + text.split()[2]  # IOS: ``no banner motd``, no text
    return "banner" + text[len(_BANNER) :] if text.startswith(_BANNER) else text


def _entry(child: HConfigChild) -> str:
    """A line as IOS takes and prints it: hier-config numbers the entries of a named ACL
    (``10 permit ...``), which ``show running-config`` never does and the post-checks would
    then miss; without the number IOS appends the entry, in the order sent."""
    text = shown(child.text)
    parent = child.parent
    if child.depth() == 2 and getattr(parent, "text", "").startswith(_ACL):
        text = _NUMBERED.sub(r"\1", text)
    return text


def lines_of(children: Iterable[HConfigChild]) -> list[str]:
    """Each line of the given nodes, IOS-indented (one space per level)."""
    return [" " * (child.depth() - 1) + _entry(child) for child in children]


def text_of(config: HConfig) -> list[str]:
    """Every line of a tree in its own order, IOS-indented."""
    return lines_of(config.all_children())


def sorted_text(config: HConfig) -> list[str]:
    """Every line in the order IOS must receive them (negations first, then the rest)."""
    return lines_of(config.all_children_sorted())


def _copy_unignored(source: HConfigChild, parent: HConfig | HConfigChild, feature: Feature) -> None:
    child = parent.add_child(source.text)
    for below in source.children:
        if not feature.ignored(shown(below.text)):
            _copy_unignored(below, child, feature)


def scoped(config: HConfig, feature: Feature, only: set[str] | None = None) -> HConfig:
    """The feature's part of a tree: its top-level lines and their sections, ignored lines
    left out at every depth; with ``only``, just the top-level lines of that set."""
    part = HConfig(config.driver)
    for child in config.children:
        text = shown(child.text)
        if not feature.owns(text) or feature.ignored(text):
            continue
        if only is not None and child.text not in only:
            continue
        _copy_unignored(child, part, feature)
    return part


_SEQUENCE = re.compile(r"^\d+ ")


def sequence(children: Iterable[HConfigChild]) -> list[str]:
    """The lines in order, without the sequence numbers hier-config gives ACL entries."""
    return [_SEQUENCE.sub("", shown(child.text)) for child in children]


def merge_diff(running: str, candidate: str) -> str:
    """What a merge of ``candidate`` does to ``running``, as the config will read after it:
    ``+`` lines added, ``-`` lines that go (negated, or replaced: a new ``description``
    replaces the old one), unchanged section headers as context (a leading space)."""
    before = parse(running)
    after = before.future(parse(candidate))
    out = []
    section = ""
    for line in before.unified_diff(after):
        body = line.lstrip(" ")
        depth = (len(line) - len(body)) // 2
        sign = " "
        if body.startswith(("- ", "+ ")):
            sign, body = body[0], body[2:]
        if depth and _SEQUENCE.match(body) and section.startswith("ip access-list "):
            body = _SEQUENCE.sub("", body)  # hier-config numbers ACL entries; IOS shows none
        section = body if depth == 0 else section
        out.append(f"{sign}{' ' * depth}{shown(body)}")
    return "\n".join(out)
