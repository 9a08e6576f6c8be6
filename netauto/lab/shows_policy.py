"""``show ip prefix-list [NAME]`` and ``show route-map [NAME]`` from the running-config.

Prefix-list entries without ``seq`` are numbered 5, 10, 15... as IOS numbers them; a
route-map's match and set clauses are listed the way IOS words them
(``ip address (access-lists): 10``, ``ip address prefix-lists: PL``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState


def prefix_lists(router: RouterState, family: str = "ip") -> dict[str, list[tuple[int, str]]]:
    """NAME -> [(seq, 'permit 10.0.0.0/8 le 24')] in config order, sequence-numbered."""
    found: dict[str, list[tuple[int, str]]] = {}
    for child in router.running.children:
        words = child.text.split()
        if words[:2] != [family, "prefix-list"] or len(words) < 5:
            continue
        name, rest = words[2], words[3:]
        if rest[0] in ("description",):
            found.setdefault(name, [])
            continue
        entries = found.setdefault(name, [])
        if rest[0] == "seq" and len(rest) > 2 and rest[1].isdigit():
            seq, rest = int(rest[1]), rest[2:]
        else:
            seq = (max((s for s, _ in entries), default=0) // 5 + 1) * 5
        entries.append((seq, " ".join(rest)))
    for entries in found.values():
        entries.sort()
    return found


def show_prefix_list(router: RouterState, name: str | None, family: str = "ip") -> str:
    lines: list[str] = []
    for list_name, entries in prefix_lists(router, family).items():
        if name is not None and list_name != name:
            continue
        lines.append(f"{family} prefix-list {list_name}: {len(entries)} entries")
        lines += [f"   seq {seq} {text}" for seq, text in entries]
    return "\n".join(lines) + "\n" if lines else ""


def _match(text: str) -> str:
    words = text.split()
    if words[:3] == ["ip", "address", "prefix-list"]:
        return "ip address prefix-lists: " + " ".join(words[3:])
    if words[:2] == ["ip", "address"]:
        return "ip address (access-lists): " + " ".join(words[2:])
    if words[:3] == ["ip", "next-hop", "prefix-list"]:
        return "ip next-hop prefix-lists: " + " ".join(words[3:])
    if words[:2] == ["ip", "next-hop"]:
        return "ip next-hop (access-lists): " + " ".join(words[2:])
    if words[:1] == ["interface"]:
        return "interface " + " ".join(words[1:])
    return text


def _set(text: str) -> str:
    words = text.split()
    if words[:1] == ["local-preference"]:
        return "local-preference " + " ".join(words[1:])
    if words[:1] == ["metric"]:
        return "metric " + " ".join(words[1:])
    return text


def show_route_map(router: RouterState, name: str | None) -> str:
    lines: list[str] = []
    for block in router.running.children:
        words = block.text.split()
        if words[:1] != ["route-map"] or len(words) < 2:
            continue
        if name is not None and words[1] != name:
            continue
        action = words[2] if len(words) > 2 else "permit"
        seq = words[3] if len(words) > 3 else "10"
        matches = [c.text[6:] for c in block.children if c.text.startswith("match ")]
        sets = [c.text[4:] for c in block.children if c.text.startswith("set ")]
        lines.append(f"route-map {words[1]}, {action}, sequence {seq}")
        lines.append("  Match clauses:")
        lines += [f"    {_match(m)}" for m in matches]
        lines.append("  Set clauses:")
        lines += [f"    {_set(s)}" for s in sets]
        lines.append("  Policy routing matches: 0 packets, 0 bytes")
    return "\n".join(lines) + "\n" if lines else ""


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[Session, list[str]], str]) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh, values)

        command(pattern, level=1)(handler)

    shows("show ip prefix-list", lambda s, v: show_prefix_list(s.router, None))
    shows("show ip prefix-list <word>", lambda s, v: show_prefix_list(s.router, v[0]))
    shows("show ipv6 prefix-list", lambda s, v: show_prefix_list(s.router, None, "ipv6"))
    shows("show route-map", lambda s, v: show_route_map(s.router, None))
    shows("show route-map <word>", lambda s, v: show_route_map(s.router, v[0]))
