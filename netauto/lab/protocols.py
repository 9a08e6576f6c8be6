"""Routing protocols and first-hop redundancy as the running-config defines them.

The lab runs no protocol on the wire: a configured process has its router ID, its interfaces
and its own LSA or topology entries, and no neighbour ever answers. BGP neighbours are
``Active`` when a route leads to them (the router keeps trying to connect), ``Idle`` when none
does, ``Idle (Admin)`` when shut. An HSRP or VRRP group is alone on its segment, so the router
is Active (Master) once the interface is up, Init otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from netauto.lab import routes
from netauto.lab.configtree import Line
from netauto.lab.shows import Iface, interfaces
from netauto.lab.state import RouterState


def router_id(router: RouterState, configured: str | None = None) -> str:
    """IOS's choice: the configured ID, else the highest loopback address, else the highest
    address of an up interface."""
    if configured:
        return configured
    up = [i for i in interfaces(router) if i.enabled and i.addresses]
    for pool in ([i for i in up if i.name.startswith("Loopback")], up):
        found = [IPv4Address(a) for i in pool for a, _, _ in i.addresses]
        if found:
            return str(max(found))
    return "0.0.0.0"


def blocks(router: RouterState, prefix: str) -> list[Line]:
    return [c for c in router.running.children if c.text.startswith(prefix)]


def short(name: str) -> str:
    for long, abbreviation in (
        ("GigabitEthernet", "Gi"),
        ("Loopback", "Lo"),
        ("Tunnel", "Tu"),
        ("FastEthernet", "Fa"),
        ("Port-channel", "Po"),
    ):
        if name.startswith(long):
            return abbreviation + name[len(long) :]
    return name


def primary(i: Iface) -> IPv4Interface | None:
    for address, prefix, secondary in i.addresses:
        if not secondary:
            return IPv4Interface(f"{address}/{prefix}")
    return None


# -- BGP ----------------------------------------------------------------------------------
@dataclass
class BgpNeighbor:
    address: str
    remote_as: int
    description: str = ""
    shutdown: bool = False
    state: str = "Idle"


@dataclass
class Bgp:
    asn: int
    router_id: str
    neighbors: list[BgpNeighbor] = field(default_factory=list)
    networks: list[IPv4Network] = field(default_factory=list)

    def neighbor(self, address: str) -> BgpNeighbor | None:
        return next((n for n in self.neighbors if n.address == address), None)


def bgp(router: RouterState) -> Bgp | None:
    found = blocks(router, "router bgp ")
    if not found:
        return None
    block = found[0]
    process = Bgp(int(block.text.split()[2]), router_id(router, block.top("bgp router-id ")))
    lines = list(block.children)
    for child in block.children:
        if child.text.startswith("address-family ipv4") and "vrf" not in child.text:
            lines += child.children
    for line in lines:
        words = line.text.split()
        if words[:1] == ["network"] and len(words) >= 2:
            mask = words[3] if len(words) >= 4 and words[2] == "mask" else None
            net = IPv4Network(f"{words[1]}/{mask}" if mask else words[1], strict=False)
            if net not in process.networks:
                process.networks.append(net)
        if words[:1] != ["neighbor"] or len(words) < 3:
            continue
        entry = process.neighbor(words[1])
        if words[2] == "remote-as" and len(words) > 3 and entry is None:
            process.neighbors.append(BgpNeighbor(words[1], int(words[3])))
        elif entry is not None and words[2] == "description":
            entry.description = " ".join(words[3:])
        elif entry is not None and words[2] == "shutdown":
            entry.shutdown = True
    for entry in process.neighbors:
        if entry.shutdown:
            entry.state = "Idle (Admin)"
        else:
            route = routes.lookup(router, entry.address)
            entry.state = "Active" if route is not None and route.network.prefixlen else "Idle"
    process.neighbors.sort(key=lambda n: IPv4Address(n.address))
    table = routes.table(router)
    process.networks = [n for n in process.networks if any(r.network == n for r in table)]
    return process


# -- OSPF and EIGRP -----------------------------------------------------------------------
@dataclass
class IgpInterface:
    iface: Iface
    address: IPv4Interface
    area: str
    cost: int
    passive: bool
    how: str  # Network Statement | Interface Config


@dataclass
class Igp:
    kind: str  # ospf | eigrp
    process: str
    router_id: str
    networks: list[tuple[str, str, str]]  # (address, wildcard, area)
    members: list[IgpInterface]


def _wildcard_match(address: IPv4Address, network: str, wildcard: str) -> bool:
    mask = int(IPv4Address(wildcard))
    return (int(address) & ~mask) == (int(IPv4Address(network)) & ~mask)


def _eigrp_networks(words: list[str]) -> tuple[str, str] | None:
    if len(words) >= 3:
        return words[1], words[2]
    net = IPv4Address(words[1])
    first = int(net) >> 24
    length = 8 if first < 128 else 16 if first < 192 else 24
    classful = IPv4Network(f"{net}/{length}", strict=False)
    return str(classful.network_address), str(classful.hostmask)


def igp(router: RouterState, kind: str) -> list[Igp]:
    out: list[Igp] = []
    for block in blocks(router, f"router {kind} "):
        process = block.text.split()[2]
        configured = block.top("router-id ") or block.top("eigrp router-id ")
        networks: list[tuple[str, str, str]] = []
        passive_default = block.find("passive-interface default") is not None
        passive = {c.text.split()[1] for c in block.children if c.text.startswith("passive-int")}
        for child in block.children:
            words = child.text.split()
            if words[:1] != ["network"] or len(words) < 2:
                continue
            if kind == "ospf" and len(words) >= 5 and words[3] == "area":
                networks.append((words[1], words[2], words[4]))
            elif kind == "eigrp":
                found = _eigrp_networks(words)
                if found:
                    networks.append((*found, ""))
        members: list[IgpInterface] = []
        for i in interfaces(router):
            address = primary(i)
            if address is None:
                continue
            config = router.running.find(f"interface {i.name}")
            texts = [c.text for c in config.children] if config else []
            if routes._vrf(texts):
                continue
            area, how = None, "Network Statement"
            for text in texts:
                words = text.split()
                if kind == "ospf" and words[:2] == ["ip", "ospf"] and words[2:3] == [process]:
                    area, how = words[4] if len(words) > 4 else "0", "Interface Config"
            if area is None:
                ordered = sorted(networks, key=lambda n: -bin(int(IPv4Address(n[1]))).count("0"))
                hit = next((n for n in ordered if _wildcard_match(address.ip, n[0], n[1])), None)
                if hit is None:
                    continue
                area = hit[2]
            cost = next(
                (int(t.split()[3]) for t in texts if t.startswith("ip ospf cost ")),
                1,
            )
            members.append(
                IgpInterface(i, address, area, cost, passive_default or i.name in passive, how)
            )
        out.append(Igp(kind, process, router_id(router, configured), networks, members))
    return out


def area_name(area: str) -> str:
    return "BACKBONE(0)" if area in ("0", "0.0.0.0") else area


def wildcard_prefix(address: str, wildcard: str) -> str:
    """``10.0.15.0 0.0.0.255`` -> ``10.0.15.0/24`` (EIGRP's ``Routing for Networks``)."""
    mask = IPv4Address(int(IPv4Address(wildcard)) ^ 0xFFFFFFFF)
    return str(IPv4Network(f"{address}/{mask}", strict=False))


# -- HSRP and VRRP ------------------------------------------------------------------------
@dataclass
class Fhrp:
    iface: Iface
    group: int
    virtual: str
    priority: int
    preempt: bool
    secondary: list[str] = field(default_factory=list)
    family: str = "IPv4"
    version: int = 1

    @property
    def active(self) -> bool:
        return self.iface.enabled and self.virtual not in ("", "unknown")


def _group(found: dict[tuple[int, str], Fhrp], i: Iface, number: int, family: str) -> Fhrp:
    key = (number, family)
    if key not in found:
        found[key] = Fhrp(i, number, "unknown", 100, False, family=family)
    return found[key]


def _vrrp3(entry: Fhrp, block: Line) -> None:
    """The ``vrrp N address-family ...`` sub-mode of IOS XE (VRRPv3 preempts by default)."""
    entry.version, entry.preempt = 3, True
    for sub in block.children:
        parts = sub.text.split()
        if parts[:1] == ["address"] and len(parts) > 1:
            if parts[-1] == "secondary":
                entry.secondary.append(parts[1])
            else:
                entry.virtual = parts[1]
        elif parts[:1] == ["priority"] and len(parts) > 1:
            entry.priority = int(parts[1])


def _groups(router: RouterState, keyword: str) -> list[Fhrp]:
    out: list[Fhrp] = []
    for i in interfaces(router):
        block = router.running.find(f"interface {i.name}")
        if block is None:
            continue
        version = 2 if block.find("standby version 2") else 1
        found: dict[tuple[int, str], Fhrp] = {}
        for child in block.children:
            words = child.text.split()
            if words[:1] != [keyword] or len(words) < 3 or not words[1].isdigit():
                continue
            number = int(words[1])
            if words[2] == "address-family" and len(words) > 3:
                family = "IPv6" if words[3] == "ipv6" else "IPv4"
                _vrrp3(_group(found, i, number, family), child)
                continue
            entry = _group(found, i, number, "IPv4")
            # HSRP does not preempt unless told to; VRRPv2 does by default
            entry.version = version if keyword == "standby" else 2
            entry.preempt = entry.preempt or keyword == "vrrp"
            if words[2] == "ip" and len(words) > 3:
                if words[-1] == "secondary":
                    entry.secondary.append(words[3])
                else:
                    entry.virtual = words[3]
            elif words[2] == "priority" and len(words) > 3:
                entry.priority = int(words[3])
            elif words[2] == "preempt":
                entry.preempt = True
        out.extend(sorted(found.values(), key=lambda g: (g.group, g.family)))
    return out


def standby(router: RouterState) -> list[Fhrp]:
    return _groups(router, "standby")


def vrrp(router: RouterState) -> list[Fhrp]:
    return _groups(router, "vrrp")


def hsrp_mac(group: Fhrp) -> str:
    if group.version == 2:
        return f"0000.0c9f.f{group.group:03x}"
    return f"0000.0c07.ac{group.group:02x}"


def vrrp_mac(group: Fhrp) -> str:
    mac = f"0000.5e00.{1 if group.family == 'IPv4' else 2:02x}{group.group:02x}"
    return mac.upper() if group.version == 3 else mac
