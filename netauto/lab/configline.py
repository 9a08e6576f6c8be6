"""A line of the running-config and its children: the tree every config module works on."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field


@dataclass
class Line:
    text: str
    children: list[Line] = field(default_factory=list)
    block: bool = False
    seq: int | None = None  # an access-list entry's sequence number

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


@dataclass
class Range(Line):
    """``interface range``: the interfaces its lines apply to (the range is not stored)."""

    members: list[Line] = field(default_factory=list)


def is_xe(root: Line) -> bool:
    """Whether a config is an IOS XE one (its ``version`` line: 16.x, 17.x)."""
    version = root.top("version ") or ""
    return version.split(".")[0] in ("16", "17")


def split(words: list[str]) -> list[str]:
    """The words of a match, with a ``<rest>`` parameter split into its words."""
    return [w for word in words for w in word.split()]
