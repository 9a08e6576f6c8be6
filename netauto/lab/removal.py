"""What a ``no`` form removes: the object the line names, whatever attributes it carries.

IOS identifies most objects by their first words (``no ntp server 192.0.2.1 prefer`` removes
the server; a rule's ``key`` says how many words); a line without a key (``ip route``) by the
words that name it. A shorter ``no`` form removes every line it starts
(``no ip route 10.0.0.0 255.0.0.0`` removes every route to that prefix).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from netauto.lab.configline import Line, split
from netauto.lab.parse import Node
from netauto.lab.rules import Rule


def enough(node: Node | None, count: int, last_param: bool) -> bool:
    """Whether a ``no`` form that stops early names something: it ends with a parameter, or it
    covers the identifying words of a line it could start (``no ip address``, ``no logging
    trap``); ``no ntp server`` and ``no ip`` are incomplete, as on IOS."""
    if node is None or node.spec is not None or last_param:
        return True
    seen: list[Node] = [node]
    while seen:
        current = seen.pop()
        spec = current.spec
        if isinstance(spec, Rule) and spec.key is not None and spec.key <= count:
            return True
        seen.extend(current.keywords.values())
        seen.extend(child for _, child in current.params)
    return False


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _route(words: list[str]) -> list[str]:
    """``ip route [vrf V] P M [IF] [HOP] ...`` -> the words that identify the route."""
    base = 2
    if words[2:3] == ["vrf"]:
        base = 4
    ident = words[: base + 2]
    rest = words[base + 2 :]
    if rest and not rest[0].isdigit() and rest[0] not in ("tag", "name", "permanent", "track"):
        ident.append(rest[0])
        if len(rest) > 1 and _is_ip(rest[1]) and not _is_ip(rest[0]):
            ident.append(rest[1])
    return ident


def _ipv6_route(words: list[str]) -> list[str]:
    return words[:4]


def _prefix_list(words: list[str]) -> list[str]:
    """``ip prefix-list NAME seq N ...`` -> name and seq; ``NAME permit P`` -> the entry."""
    if words[3:4] == ["seq"]:
        return words[:5]
    if words[3:4] == ["description"]:
        return words[:4]
    return words


def _unsequenced(words: list[str]) -> list[str]:
    """A prefix-list line without its ``seq N``."""
    if words[3:4] == ["seq"]:
        return words[:3] + words[5:]
    return words


def _snmp_host(words: list[str]) -> list[str]:
    """``snmp-server host A [vrf V] [informs|traps] [version X [L]] COMMUNITY ...``."""
    rest = words[3:]
    i = 0
    if rest[i : i + 1] == ["vrf"]:
        i += 2
    if rest[i : i + 1] in (["informs"], ["traps"]):
        i += 1
    if rest[i : i + 1] == ["version"]:
        i += 3 if rest[i + 1 : i + 2] == ["3"] else 2
    return words[:3] + rest[i : i + 1]


def _neighbor(words: list[str]) -> list[str]:
    """``no neighbor X remote-as N`` removes the neighbor: every line naming it."""
    if words[2:3] in (["remote-as"], ["peer-group"]) and len(words) <= 4:
        return words[:2]
    return words[:3]


IDENTITY: dict[tuple[str, ...], Callable[[list[str]], list[str]]] = {
    ("ip", "route"): _route,
    ("ipv6", "route"): _ipv6_route,
    ("ip", "prefix-list"): _prefix_list,
    ("ipv6", "prefix-list"): _prefix_list,
    ("snmp-server", "host"): _snmp_host,
    ("neighbor",): _neighbor,
}


def _identity(words: list[str]) -> list[str] | None:
    for size in (2, 1):
        found = IDENTITY.get(tuple(words[:size]))
        if found is not None:
            return found(words)
    return None


def lines(mode: str, parent: Line, words: list[str], rule: Rule | None) -> list[Line]:
    """The lines ``no <words>`` removes from ``parent`` (never a block)."""
    wanted = split(words)
    if wanted[1:2] == ["prefix-list"] and len(wanted) > 4 and wanted[3] != "seq":
        return [c for c in parent.children if _unsequenced(c.text.split()) == wanted]
    ident = _identity(wanted)
    if ident is not None:
        return [
            c
            for c in parent.children
            if not c.block and (_identity(c.text.split()) or [])[: len(ident)] == ident
        ]
    if wanted[:2] == ["ip", "name-server"] and len(wanted) > 2:
        names = set(wanted[2:])
        return [
            c
            for c in parent.children
            if c.text.split()[:2] == wanted[:2] and c.text.split()[2] in names
        ]
    if rule is not None and rule.key is not None and len(wanted) >= rule.key:
        key = wanted[: rule.key]
    else:
        key = wanted
    return [c for c in parent.children if not c.block and c.text.split()[: len(key)] == key]


# Blocks named by fewer words than they hold: ``no route-map RM`` removes every entry of RM.
BLOCK_KEYS = {"route-map": 2, "track": 2, "class-map": None}


def blocks(mode: str, parent: Line, words: list[str]) -> list[Line]:
    """The blocks ``no <words>`` removes (``no interface Loopback5``, ``no route-map RM``)."""
    wanted = split(words)
    head = wanted[0] if wanted else ""
    if head == "class-map":
        name = wanted[-1]
        return [
            c
            for c in parent.children
            if c.block and c.text.split()[:1] == [head] and c.text.split()[-1] == name
        ]
    if head == "route-map" and len(wanted) >= 2:
        key = wanted[:2] if len(wanted) < 4 else wanted[:2] + wanted[3:4]
        return [c for c in parent.children if c.block and _route_map_key(c.text, len(key)) == key]
    size = BLOCK_KEYS.get(head)
    key = wanted[:size] if isinstance(size, int) else wanted
    return [c for c in parent.children if c.block and c.text.split()[: len(key)] == key]


def _route_map_key(text: str, size: int) -> list[str]:
    words = text.split()
    return words[:2] if size == 2 else words[:2] + words[3:4]
