"""A backup's lines as the index keeps them: masked, stripped, under their top-level parent.

Comments (``!``), ``end`` and the banner IOS prints before a config (``Building
configuration...``, ``Current configuration : N bytes``) are left out: they change with every
version and nobody searches them. IPv4 addresses are kept as integers for exact and CIDR
matching; a netmask or wildcard that follows an address is not an address of its own.
"""

from __future__ import annotations

import ipaddress
import re

from netauto.db.search_index import IndexLine
from netauto.secrets import mask

_IPV4 = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])")
_SKIP = ("!", "Building configuration", "Current configuration")


def _is_mask(value: int) -> bool:
    """A netmask (ones then zeros) or a wildcard (zeros then ones), 0.0.0.0 included."""
    inverted = value ^ 0xFFFFFFFF
    return (inverted & (inverted + 1)) == 0 or (value & (value + 1)) == 0


def addresses(line: str) -> tuple[int, ...]:
    """The IPv4 addresses a line configures, as integers, masks after an address left out."""
    found: list[int] = []
    previous_was_address = False
    for token in line.split():
        match = _IPV4.fullmatch(token) or _IPV4.search(token)
        if match is None:
            previous_was_address = False
            continue
        try:
            value = int(ipaddress.IPv4Address(match.group(1)))
        except ValueError:
            previous_was_address = False
            continue
        if previous_was_address and _is_mask(value):
            previous_was_address = False
            continue
        if value not in found:
            found.append(value)
        previous_was_address = True
    return tuple(found)


def config_lines(text: str) -> list[IndexLine]:
    """The lines of a config (masked here, whatever the file holds), in order, unique."""
    parent = ""
    seen: set[tuple[str, str]] = set()
    found: list[IndexLine] = []
    for raw in mask(text).splitlines():
        stripped = raw.strip()
        if not stripped or stripped == "end" or stripped.startswith(_SKIP):
            continue
        if raw[0] in " \t":
            key = (parent, stripped)
        else:
            parent = stripped
            key = ("", stripped)
        if key in seen:
            continue
        seen.add(key)
        found.append(IndexLine(key[0], key[1], addresses(stripped) if _has_digit(stripped) else ()))
    return found


def _has_digit(line: str) -> bool:
    return any(char.isdigit() for char in line)
