"""Config lines IOS does not simply store: multi-line banners and merged ``username`` lines.

A banner runs from its delimiter (any character, or IOS's own ``^C``) to the next occurrence of
it, over as many lines as it takes; it is stored as one tree line holding newlines and printed
with ``^C`` delimiters as ``show running-config`` does. A ``username`` line adds to the user's
existing line: ``username a privilege 15`` keeps a's secret, a new secret replaces the old one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netauto.lab.configtree import Line

BANNER = re.compile(r"^banner\s+(motd|login|exec|incoming)\s+(.*)$", re.IGNORECASE)
CREDENTIALS = ("secret", "password", "nopassword")


@dataclass
class Banner:
    kind: str
    delimiter: str
    text: list[str] = field(default_factory=list)


def start_banner(body: str) -> tuple[Banner, str | None] | None:
    """``banner motd #...``: the pending banner and, when it closes on this line, its text."""
    found = BANNER.match(body.strip())
    if not found or not found.group(2):
        return None
    rest = found.group(2)
    delimiter = "^C" if rest.startswith("^C") else rest[0]
    banner = Banner(found.group(1).lower(), delimiter)
    after = rest[len(delimiter) :]
    if delimiter in after:
        return banner, after[: after.index(delimiter)]
    banner.text.append(after)
    return banner, None


def feed_banner(banner: Banner, raw: str) -> str | None:
    """Add one line; the banner's whole text once the delimiter closes it, else None."""
    if banner.delimiter in raw:
        banner.text.append(raw[: raw.index(banner.delimiter)])
        return "\n".join(banner.text)
    banner.text.append(raw)
    return None


def store_banner(root: Line, kind: str, text: str) -> bool:
    """Replace the banner of that kind; an empty banner removes it, as ``no banner`` does."""
    before = [c.text for c in root.children]
    old = next((c for c in root.children if c.text.startswith(f"banner {kind} ")), None)
    # IOS prints banners just before the line blocks.
    lines = [i for i, c in enumerate(root.children) if c.text.startswith("line ")]
    at = (
        root.children.index(old) if old is not None else (lines[0] if lines else len(root.children))
    )
    if old is not None:
        root.children.remove(old)
    if text.strip():
        root.children.insert(at, type(root)(f"banner {kind} ^C{text}^C"))
    return before != [c.text for c in root.children]


def _user_parts(words: list[str]) -> tuple[str | None, list[str], list[str]]:
    """``username NAME ...`` -> privilege, credential words, other words."""
    privilege: str | None = None
    credential: list[str] = []
    other: list[str] = []
    i = 2
    while i < len(words):
        word = words[i]
        if word == "privilege" and i + 1 < len(words):
            privilege, i = words[i + 1], i + 2
            continue
        if word in CREDENTIALS:
            credential = words[i:]
            break
        other.append(word)
        i += 1
    return privilege, credential, other


def merge_username(root: Line, text: str) -> bool:
    """Apply a ``username`` line by merging it into the user's line; True if changed."""
    words = text.split()
    if len(words) < 3:
        return False
    old = next((c for c in root.children if c.text.split()[:2] == ["username", words[1]]), None)
    privilege, credential, other = _user_parts(words)
    if old is not None:
        old_privilege, old_credential, old_other = _user_parts(old.text.split())
        privilege = privilege or old_privilege
        credential = credential or old_credential
        other = other or old_other
    parts = ["username", words[1], *other]
    if privilege and privilege != "1":
        parts += ["privilege", privilege]
    parts += credential
    new = " ".join(parts)
    if old is not None:
        if old.text == new:
            return False
        old.text = new
        return True
    last = max(
        (i for i, c in enumerate(root.children) if c.text.startswith("username ")), default=None
    )
    root.children.insert(len(root.children) if last is None else last + 1, type(root)(new))
    return True
