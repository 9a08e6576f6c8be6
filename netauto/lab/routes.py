"""The routing table a router derives from its config: connected, local and static routes.

IOS installs a connected and a local (/32) route per address of an interface that is up, and
a static route only when its next hop resolves through another route (or its interface is up).
The lab pretends every next hop and the uplink's neighbour answer ARP and ping.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from netauto.lab.parse import canonical_interface
from netauto.lab.state import RouterState


@dataclass(frozen=True)
class Route:
    code: str  # C, L, S, S*
    network: IPv4Network
    interface: str = ""
    next_hop: str = ""
    distance: int = 0
    vrf: str = ""

    @property
    def protocol(self) -> str:
        return "static" if self.code.startswith("S") else "connected"


def _vrf(block_children: list[str]) -> str:
    for text in block_children:
        words = text.split()
        if words[:2] in (["vrf", "forwarding"], ["ip", "vrf"]) and len(words) > 2:
            return words[-1]
    return ""


def connected(router: RouterState) -> list[Route]:
    out: list[Route] = []
    for block in router.interfaces():
        if block.find("shutdown") is not None:
            continue
        name = block.text.split(None, 1)[1]
        texts = [c.text for c in block.children]
        vrf = _vrf(texts)
        for text in texts:
            words = text.split()
            if words[:2] != ["ip", "address"] or len(words) < 4 or words[2] == "dhcp":
                continue
            iface = ipaddress.IPv4Interface(f"{words[2]}/{words[3]}")
            out.append(Route("C", iface.network, name, vrf=vrf))
            if iface.network.prefixlen < 32:
                out.append(Route("L", IPv4Network(f"{iface.ip}/32"), name, vrf=vrf))
    return out


def neighbours(router: RouterState) -> list[tuple[str, str]]:
    """(address, interface) of the hosts the lab answers for: uplink peer and next hops."""
    found: list[tuple[str, str]] = []
    own = connected(router)
    for route in own:
        if route.code == "C" and route.interface == router.model.port(0) and not route.vrf:
            found.append((str(route.network.broadcast_address - 1), route.interface))
    for line in router.running.children:
        words = line.text.split()
        if words[:2] == ["ip", "route"] and len(words) > 4 and _is_ip(words[4]):
            hop = IPv4Address(words[4])
            for route in own:
                entry = (str(hop), route.interface)
                if route.code == "C" and hop in route.network and not route.vrf:
                    found += [] if entry in found else [entry]
    return found


def _is_ip(text: str) -> bool:
    try:
        IPv4Address(text)
    except ValueError:
        return False
    return True


def static(router: RouterState, vrf: str, base: list[Route]) -> list[Route]:
    out: list[Route] = []
    for line in router.running.children:
        words = line.text.split()
        if words[:2] != ["ip", "route"]:
            continue
        rest = words[2:]
        line_vrf = ""
        if rest[:1] == ["vrf"] and len(rest) > 1:
            line_vrf, rest = rest[1], rest[2:]
        if line_vrf != vrf or len(rest) < 3:
            continue
        network = IPv4Network(f"{rest[0]}/{rest[1]}", strict=False)
        target, extra = rest[2], rest[3:]
        interface, hop = "", ""
        if _is_ip(target):
            hop = target
        else:
            interface = canonical_interface(target) or target
            if extra and _is_ip(extra[0]):
                hop, extra = extra[0], extra[1:]
        distance = int(extra[0]) if extra and extra[0].isdigit() else 1
        if hop and not any(IPv4Address(hop) in r.network for r in base if r.code != "S*"):
            continue
        if interface and not any(r.interface == interface for r in base):
            continue
        code = "S*" if network.prefixlen == 0 else "S"
        out.append(Route(code, network, interface, hop, distance, vrf))
    return out


def table(router: RouterState, vrf: str = "") -> list[Route]:
    """Every installed route of one VRF ("" is the global table), in IOS's order."""
    base = [r for r in connected(router) if r.vrf == vrf]
    routes = base + static(router, vrf, base)
    return sorted(routes, key=lambda r: (int(r.network.network_address), r.network.prefixlen))


def lookup(router: RouterState, address: str, vrf: str = "") -> Route | None:
    """Longest-prefix match, as forwarding would do it."""
    target = IPv4Address(address)
    matches = [r for r in table(router, vrf) if target in r.network]
    return max(matches, key=lambda r: r.network.prefixlen) if matches else None


def reachable(router: RouterState, address: str, vrf: str = "") -> bool:
    """Whether a ping to ``address`` is answered: own addresses, neighbours, routed targets."""
    try:
        target = IPv4Address(address)
    except ValueError:
        return False
    route = lookup(router, address, vrf)
    if route is None:
        return False
    if route.code == "L" or (route.code == "C" and route.network.prefixlen == 32):
        return True
    if route.code.startswith("S"):
        return True
    return any(target == IPv4Address(a) for a, _ in neighbours(router))


def vrfs(router: RouterState) -> list[str]:
    return [
        c.text.split()[2]
        for c in router.running.children
        if c.text.startswith(("vrf definition ", "ip vrf ")) and len(c.text.split()) > 2
    ]
