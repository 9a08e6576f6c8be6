"""Routing ``show`` commands: ``show ip route`` and its forms, ARP, VRFs, routing protocols.

The table is grouped under classful major networks the way IOS prints it ("is subnetted" when
all subnets share a mask, else "is variably subnetted"); ntc-templates relies on that layout.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from ipaddress import IPv4Network
from typing import TYPE_CHECKING, Any

from netauto.lab import routes
from netauto.lab.routes import Route
from netauto.lab.shows import interfaces

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState

CODES = """\
Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP
       a - application route
       + - replicated route, % - next hop override, p - overrides from PfR
"""


def _classful(network: IPv4Network) -> IPv4Network:
    first = int(network.network_address) >> 24
    length = 8 if first < 128 else 16 if first < 192 else 24
    return IPv4Network(f"{network.network_address}/{length}", strict=False)


def _entry(route: Route, with_mask: bool) -> str:
    net = str(route.network) if with_mask else str(route.network.network_address)
    if route.code in ("C", "L"):
        return f"{route.code:<9}{net} is directly connected, {route.interface}"
    target = f"via {route.next_hop}" if route.next_hop else "is directly connected"
    if (route.next_hop and route.interface) or route.interface:
        target += f", {route.interface}"
    return f"{route.code:<9}{net} [{route.distance}/0] {target}"


def render_table(chosen: list[Route], gateway: str) -> list[str]:
    lines = [gateway, ""]
    groups: dict[IPv4Network, list[Route]] = {}
    for route in chosen:
        major = _classful(route.network)
        key = major if route.network.prefixlen >= major.prefixlen else route.network
        groups.setdefault(key, []).append(route)
    for major, members in groups.items():
        if len(members) == 1 and members[0].network == major:
            lines.append(_entry(members[0], True))
            continue
        masks = {r.network.prefixlen for r in members}
        count = len(members)
        if len(masks) == 1:
            mask = masks.pop()
            lines.append(f"      {major.network_address}/{mask} is subnetted, {count} subnets")
            lines += [_entry(r, False) for r in members]
        else:
            lines.append(
                f"      {major} is variably subnetted, {count} subnets, {len(masks)} masks"
            )
            lines += [_entry(r, True) for r in members]
    return lines


def _gateway(table: list[Route]) -> str:
    default = next((r for r in table if r.network.prefixlen == 0), None)
    if default is None:
        return "Gateway of last resort is not set"
    via = default.next_hop or default.interface
    return f"Gateway of last resort is {via} to network 0.0.0.0"


def show_ip_route(router: RouterState, words: list[str]) -> str:
    """``show ip route [vrf V] [static|connected|summary|A.B.C.D [mask]]``."""
    vrf = ""
    if words[:1] == ["vrf"]:
        if len(words) < 2:
            return "% Incomplete command.\n"
        vrf, words = words[1], words[2:]
        if vrf not in routes.vrfs(router):
            return f"% IP routing table {vrf} does not exist\n"
    table = routes.table(router, vrf)
    head = f"\nRouting Table: {vrf}\n" if vrf else ""
    if not words:
        return head + CODES + "\n".join(render_table(table, _gateway(table))) + "\n"
    if words[0] in ("static", "connected", "local"):
        codes = {"static": ("S", "S*"), "connected": ("C", "L"), "local": ("L",)}[words[0]]
        chosen = [r for r in table if r.code in codes]
        return head + CODES + "\n".join(render_table(chosen, _gateway(table))) + "\n"
    if words[0] == "summary":
        return _summary(table, vrf)
    return head + _detail(router, table, words, vrf)


def _summary(table: list[Route], vrf: str) -> str:
    connected = sum(1 for r in table if r.code in ("C", "L"))
    static = sum(1 for r in table if r.code.startswith("S"))
    rows = [("connected", 0, connected), ("static", 0, static), ("application", 0, 0)]
    lines = [
        f"IP routing table name is {vrf or 'default'} (0x{1 if vrf else 0})",
        "IP routing table maximum-paths is 32",
        "Route Source    Networks    Subnets     Replicates  Overhead    Memory (bytes)",
    ]
    for name, networks, subnets in rows:
        lines.append(
            f"{name:<16}{networks:<12}{subnets:<12}0           {subnets * 96:<12}{subnets * 300}"
        )
    majors = len({_classful(r.network) for r in table})
    lines.append(f"internal        {majors:<48}{majors * 460}")
    total = connected + static
    lines.append(
        f"Total           {majors:<12}{total:<12}0           {total * 96:<12}{total * 300}"
    )
    return "\n".join(lines) + "\n"


def _detail(router: RouterState, table: list[Route], words: list[str], vrf: str) -> str:
    try:
        address = ipaddress.IPv4Address(words[0])
        mask = ipaddress.IPv4Address(words[1]) if len(words) > 1 else None
    except ValueError:
        return _invalid_marker()
    if mask is not None:
        wanted = IPv4Network(f"{address}/{mask}", strict=False)
        route = next((r for r in table if r.network == wanted), None)
        if route is None:
            return "% Subnet not in table\n"
    else:
        route = routes.lookup(router, str(address), vrf)
        if route is None or route.network.prefixlen == 0:
            return "% Network not in table\n"
    known = (
        'Known via "connected", distance 0, metric 0 (connected, via interface)'
        if route.protocol == "connected"
        else f'Known via "static", distance {route.distance}, metric 0'
    )
    if route.next_hop:
        block = f"  * {route.next_hop}" + (f", via {route.interface}" if route.interface else "")
    else:
        block = f"  * directly connected, via {route.interface}"
    return (
        f"Routing entry for {route.network}\n  {known}\n"
        + ("  Redistributing via static\n" if route.protocol == "static" else "")
        + "  Routing Descriptor Blocks:\n"
        + f"{block}\n      Route metric is 0, traffic share count is 1\n"
    )


def _invalid_marker() -> str:
    return "% Invalid input detected at '^' marker.\n"


def show_arp(router: RouterState, words: list[str] | None = None) -> str:
    """``show [ip] arp [vrf V] [INTERFACE|ADDRESS]``: the global table unless a VRF is named."""
    from netauto.lab.parse import canonical_interface

    words = list(words or [])
    vrf = ""
    if words[:1] == ["vrf"] and len(words) > 1:
        vrf, words = words[1], words[2:]
        if vrf not in routes.vrfs(router):
            return f"% VRF {vrf} does not exist\n"
    wanted_if = canonical_interface("".join(words)) if words else None
    wanted_ip = words[0] if words and wanted_if is None else None
    lines = ["Protocol  Address          Age (min)  Hardware Addr   Type   Interface"]
    entries: list[tuple[int, str]] = []
    vrf_of = {
        b.text.split(None, 1)[1]: routes._vrf([c.text for c in b.children])
        for b in router.interfaces()
    }
    for i in interfaces(router):
        if i.loopback or not i.enabled or vrf_of.get(i.name, "") != vrf:
            continue
        for address, _, _ in i.addresses:
            row = f"Internet  {address:<17}       -   {i.mac}  ARPA   {i.name}"
            entries.append((int(ipaddress.IPv4Address(address)), row))
    age = int((time.time() // 60) % 240)
    for index, (address, interface) in enumerate(
        routes.neighbours(router) if not vrf else [], start=1
    ):
        mac = f"0c{router.identity.number & 0xFF:02x}.7a00.{index:04x}"
        row = f"Internet  {address:<17}{age:>8}   {mac}  ARPA   {interface}"
        entries.append((int(ipaddress.IPv4Address(address)), row))
    rows = [row for _, row in sorted(entries)]
    if wanted_if is not None:
        rows = [row for row in rows if row.split()[-1] == wanted_if]
    elif wanted_ip is not None:
        rows = [row for row in rows if row.split()[1] == wanted_ip]
    if not rows and (wanted_if or wanted_ip):
        return ""
    return "\n".join(lines + rows) + "\n"


def show_vrf(router: RouterState, detail: bool) -> str:
    names = routes.vrfs(router)
    members: dict[str, list[str]] = {name: [] for name in names}
    for i in interfaces(router):
        block = router.running.find(f"interface {i.name}")
        texts = [c.text for c in block.children] if block else []
        vrf = routes._vrf(texts)
        if vrf in members:
            members[vrf].append(i.name)
    if not names:
        return ""
    if not detail:
        lines = ["  Name                             Default RD            Protocols   Interfaces"]
        for name in names:
            rd = _rd(router, name)
            short = " ".join(_short(x) for x in members[name])
            lines.append(f"  {name:<33}{rd:<22}{'ipv4':<12}{short}")
        return "\n".join(lines) + "\n"
    blocks = []
    for vrf_id, name in enumerate(names, start=1):
        listed = "\n".join(f"    {_short(x)}" for x in members[name])
        interfaces_text = f"  Interfaces:\n{listed}" if listed else "  No interfaces"
        blocks.append(
            f"VRF {name} (VRF Id = {vrf_id}); default RD {_rd(router, name)}; "
            "default VPNID <not set>\n  New CLI format, supports multiple address-families\n"
            f"  Flags: 0x1808\n{interfaces_text}\n"
            f"Address family ipv4 unicast (Table ID = 0x{vrf_id}):\n  Flags: 0x0\n"
            "  No Export VPN route-target communities\n  No Import VPN route-target communities\n"
            "  No import route-map\n  No global export route-map\n  No export route-map\n"
            "  VRF label distribution protocol: not configured\n"
            "  VRF label allocation mode: per-prefix\n"
            "Address family ipv6 unicast not active\nAddress family ipv4 multicast not active\n"
        )
    return "\n".join(blocks)


def _rd(router: RouterState, name: str) -> str:
    block = router.running.find(f"vrf definition {name}")
    return (block.top("rd ") if block else None) or "<not set>"


def _short(name: str) -> str:
    return name.replace("GigabitEthernet", "Gi").replace("Loopback", "Lo")


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[Session, list[str]], str]) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh, values)

        command(pattern, level=1)(handler)

    shows("show ip route <rest?>", lambda s, v: show_ip_route(s.router, " ".join(v).split()))
    shows("show ip arp <rest?>", lambda s, v: show_arp(s.router, " ".join(v).split()))
    shows("show arp <rest?>", lambda s, v: show_arp(s.router, " ".join(v).split()))
    shows("show vrf", lambda s, v: show_vrf(s.router, False))
    shows("show vrf detail <rest?>", lambda s, v: show_vrf(s.router, True))
    shows("show ip vrf <rest?>", lambda s, v: show_vrf(s.router, False))
    shows("show ipv6 neighbors <rest?>", lambda s, v: _ipv6_neighbors())
    shows("show ipv6 route <rest?>", lambda s, v: show_ipv6_route(s.router))


def show_ipv6_route(router: RouterState) -> str:
    entries: list[str] = []
    for i in interfaces(router):
        if not i.enabled:
            continue
        for address in i.ipv6:
            net = ipaddress.IPv6Interface(address)
            entries.append(
                f"C   {str(net.network).upper()} [0/0]\n     via {i.name}, directly connected"
            )
            entries.append(f"L   {str(net.ip).upper()}/128 [0/0]\n     via {i.name}, receive")
    entries.append("L   FF00::/8 [0/0]\n     via Null0, receive")
    return (
        f"IPv6 Routing Table - default - {len(entries)} entries\n"
        "Codes: C - Connected, L - Local, S - Static, U - Per-user Static route\n"
        "       B - BGP, R - RIP, H - NHRP, I1 - ISIS L1\n"
        "       I2 - ISIS L2, IA - ISIS interarea, IS - ISIS summary, D - EIGRP\n"
        "       EX - EIGRP external, ND - ND Default, NDp - ND Prefix, DCE - Destination\n"
        "       NDr - Redirect, O - OSPF Intra, OI - OSPF Inter, OE1 - OSPF ext 1\n"
        "       OE2 - OSPF ext 2, ON1 - OSPF NSSA ext 1, ON2 - OSPF NSSA ext 2\n"
        + "\n".join(entries)
        + "\n"
    )


def _ipv6_neighbors() -> str:
    return "IPv6 Address                              Age Link-layer Addr State Interface\n"
