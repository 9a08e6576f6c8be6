"""``ping`` and ``traceroute``: answers derived from the routing table (:mod:`routes`).

A target answers when it is one of the router's addresses, a neighbour the lab pretends is
there (the uplink peer, static next hops) or reachable through a static route. The lab prints
its results at once rather than waiting out the timeout of each lost probe.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab import routes
from netauto.lab.parse import canonical_interface

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState

UNKNOWN = "% Unrecognized host or address, or protocol not running.\n\n"
OPTIONS = {"repeat", "size", "timeout", "source", "df-bit", "validate", "data", "ttl", "probe",
           "numeric", "port", "ip", "vrf"}  # fmt: skip


def _options(words: list[str]) -> tuple[str, dict[str, str], str | None]:
    """``[vrf V] [ip] TARGET [option value]...`` -> (vrf, options, target)."""
    vrf, target, found = "", None, {}
    i = 0
    while i < len(words):
        word = words[i].lower()
        if word == "vrf" and i + 1 < len(words) and target is None:
            vrf, i = words[i + 1], i + 2
        elif word == "ip" and target is None:
            i += 1
        elif target is None:
            target, i = words[i], i + 1
        elif word in ("df-bit", "validate", "numeric"):
            found[word], i = "", i + 1
        elif word == "ttl" and i + 2 < len(words):
            found["ttl"], i = words[i + 2], i + 3
        elif i + 1 < len(words):
            found[word], i = words[i + 1], i + 2
        else:
            found[word], i = "", i + 1
    return vrf, found, target


def _source(router: RouterState, value: str) -> str | None:
    """The address a ``source`` option stands for; None if it is not on an up interface."""
    up = routes.connected(router)
    try:
        address = ipaddress.IPv4Address(value)
    except ValueError:
        name = canonical_interface(value)
        local = [r for r in up if r.interface == name and r.code in ("L", "C")]
        local.sort(key=lambda r: r.network.prefixlen, reverse=True)
        return str(local[0].network.network_address) if local else None
    owned = [r for r in up if r.code == "L" or r.network.prefixlen == 32]
    return str(address) if any(address in r.network for r in owned) else None


def ping(router: RouterState, words: list[str]) -> str:
    vrf, options, target = _options(words)
    if target is None:
        return "% Incomplete command.\n"
    try:
        ipaddress.IPv4Address(target)
    except ValueError:
        return UNKNOWN
    bad = [k for k in options if k not in OPTIONS]
    if bad:
        return "% Invalid input detected at '^' marker.\n"
    repeat = int(options.get("repeat", "5") or 5)
    size = int(options.get("size", "100") or 100)
    timeout = int(options.get("timeout", "2") or 2)
    lines = [
        "Type escape sequence to abort.",
        f"Sending {repeat}, {size}-byte ICMP Echos to {target}, timeout is {timeout} seconds:",
    ]
    if "source" in options:
        source = _source(router, options["source"])
        if source is None:
            return "% Invalid source address- IP address not on any of our up interfaces\n"
        lines.append(f"Packet sent with a source address of {source} ")
    ok = routes.reachable(router, target, vrf)
    marks = ("!" if ok else ".") * repeat
    lines += [marks[i : i + 70] for i in range(0, len(marks), 70)]
    if ok:
        fast = 1 if size <= 1500 else 2
        lines.append(
            f"Success rate is 100 percent ({repeat}/{repeat}), round-trip min/avg/max = "
            f"{fast}/{fast}/{fast + 1} ms"
        )
    else:
        lines.append(f"Success rate is 0 percent (0/{repeat})")
    return "\n".join(lines) + "\n"


def traceroute(router: RouterState, words: list[str]) -> str:
    vrf, options, target = _options(words)
    if target is None:
        return "% Incomplete command.\n"
    try:
        ipaddress.IPv4Address(target)
    except ValueError:
        return UNKNOWN
    probes = int(options.get("probe", "3") or 3)
    last = int(options.get("ttl", "30") or 30)
    lines = [
        "Type escape sequence to abort.",
        f"Tracing the route to {target}",
        "VRF info: (vrf in name/id, vrf out name/id)",
    ]
    route = routes.lookup(router, target, vrf)
    hops: list[str] = []
    if route is not None and routes.reachable(router, target, vrf):
        if route.next_hop and route.next_hop != target:
            hops.append(route.next_hop)
        hops.append(target)
    for number in range(1, max(1, last) + 1):
        if number <= len(hops):
            rtts = " ".join(f"{1 + (number + p) % 2} msec" for p in range(probes))
            lines.append(f"{number:>3} {hops[number - 1]} {rtts}")
        else:
            lines.append(f"{number:>3}  " + "  ".join("*" for _ in range(probes)) + " ")
        if hops and number == len(hops):
            break
    return "\n".join(lines) + "\n"


def register(command: Callable[..., Any]) -> None:
    def handler(func: Callable[[RouterState, list[str]], str]) -> Any:
        async def run(sh: Session, values: list[str]) -> str:
            return func(sh.router, values[0].split() if values else [])

        return run

    command("ping <rest>", level=1)(handler(ping))
    command("traceroute <rest>", level=1)(handler(traceroute))
