"""Forwarding tables and per-object views: ``show ip cef``, ``show adjacency``,
``show ip vrf interfaces``, ``show ipv6 interface brief``, ``show ipv6 access-list``,
``show cdp entry``, ``show running-config partition``, ``show flash:``, ``dir nvram:``.

The CEF table is the routing table plus IOS's fixed entries (drop, receive); adjacencies are
the ARP neighbours the lab answers for.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab import routes, shows_neighbors
from netauto.lab.protocols import short
from netauto.lab.shows import interfaces, link_local, running_config

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState

FIXED = [
    ("0.0.0.0/8", "drop", ""),
    ("0.0.0.0/32", "receive", ""),
    ("127.0.0.0/8", "drop", ""),
    ("224.0.0.0/4", "drop", ""),
    ("224.0.0.0/24", "receive", ""),
    ("240.0.0.0/4", "drop", ""),
    ("255.255.255.255/32", "receive", ""),
]


def show_ip_cef(router: RouterState, vrf: str = "") -> str:
    if vrf and vrf not in routes.vrfs(router):
        return f"% IP routing table {vrf} does not exist\n"
    rows: list[tuple[str, str, str]] = list(FIXED)
    for r in routes.table(router, vrf):
        if r.code == "L":
            rows.append((str(r.network), "receive", r.interface))
        elif r.code == "C":
            rows.append((str(r.network), "attached" if r.network.prefixlen < 32 else "receive",
                         r.interface))  # fmt: skip
            if r.network.prefixlen < 31:
                rows.append((f"{r.network.network_address}/32", "receive", r.interface))
                rows.append((f"{r.network.broadcast_address}/32", "receive", r.interface))
        else:
            via = routes.lookup(router, r.next_hop, vrf) if r.next_hop else None
            rows.append((str(r.network), r.next_hop or "attached", r.interface or
                         (via.interface if via else "")))  # fmt: skip
    for address, interface in routes.neighbours(router) if not vrf else []:
        rows.append((f"{address}/32", "attached", interface))
    unique = {row[0]: row for row in rows}
    ordered = sorted(unique.values(), key=lambda row: _key(row[0]))
    lines = ["Prefix               Next Hop             Interface"]
    lines += [f"{p:<21}{hop:<21}{iface}".rstrip() for p, hop, iface in ordered]
    return "\n".join(lines) + "\n"


def _key(prefix: str) -> tuple[int, int]:
    net = ipaddress.IPv4Network(prefix)
    return int(net.network_address), net.prefixlen


def show_adjacency(router: RouterState) -> str:
    lines = ["Protocol Interface                 Address"]
    for address, interface in routes.neighbours(router):
        lines.append(f"IP       {interface:<26}{address}(7)")
    return "\n".join(lines) + "\n"


def show_ip_vrf_interfaces(router: RouterState, name: str | None) -> str:
    names = routes.vrfs(router)
    rows = []
    for i in interfaces(router):
        block = router.running.find(f"interface {i.name}")
        vrf = routes._vrf([c.text for c in block.children]) if block else ""
        if not vrf or (name is not None and vrf != name):
            continue
        address = next((a for a, _, sec in i.addresses if not sec), "unassigned")
        rows.append((names.index(vrf) if vrf in names else 0, i, vrf, address))
    if not rows:
        return ""
    lines = ["Interface              IP-Address      VRF                              Protocol"]
    for _, i, vrf, address in sorted(rows, key=lambda r: r[0]):
        lines.append(f"{short(i.name):<23}{address:<16}{vrf:<33}{i.protocol:<8}")
    return "\n".join(lines) + "\n"


def show_ipv6_interface_brief(router: RouterState) -> str:
    lines = []
    for i in interfaces(router):
        lines.append(f"{i.name:<23}[{i.status}/{i.protocol}]")
        if i.ipv6:
            lines.append(f"    {link_local(i.mac)}")
            lines += [f"    {str(ipaddress.IPv6Interface(a).ip).upper()}" for a in i.ipv6]
        else:
            lines.append("    unassigned")
    return "\n".join(lines) + "\n"


def show_ipv6_access_list(router: RouterState, name: str | None) -> str:
    lines: list[str] = []
    for child in router.running.children:
        words = child.text.split()
        if words[:2] != ["ipv6", "access-list"] or len(words) < 3:
            continue
        if name is not None and words[2] != name:
            continue
        lines.append(f"IPv6 access list {words[2]}")
        seq = 0
        for entry in child.children:
            parts = entry.text.split()
            if parts[:1] == ["sequence"] and len(parts) > 2:
                seq, parts = int(parts[1]), parts[2:]
            elif parts[:1] == ["remark"]:
                continue
            else:
                seq += 10
            lines.append(f"    {' '.join(parts)} sequence {seq}")
    return "\n".join(lines) + "\n" if lines else ""


def show_cdp_entry(router: RouterState, name: str) -> str:
    detail = shows_neighbors.show_cdp_neighbors_detail(router)
    if name != "*":
        peer = shows_neighbors._cdp_peer(router)
        if peer is None or not peer[0].lower().startswith(name.lower()):
            return ""
    if "Device ID" not in detail:
        return ""
    return detail.split("\n\nTotal cdp entries")[0] + "\n\n"


def show_partition(router: RouterState, words: list[str]) -> str:
    """``show running-config partition access-list|route-map|router X|interface X|...``."""
    if not words:
        return "% Incomplete command.\n"
    kind = words[0]
    prefixes = {
        "access-list": ("ip access-list ", "access-list "),
        "route-map": ("route-map ",),
        "ip-prefix-list": ("ip prefix-list ",),
        "router": (f"router {' '.join(words[1:])}".rstrip(),),
        "interface": (f"interface {' '.join(words[1:])}".rstrip(),),
        "ip-static-routes": ("ip route ",),
        "line": ("line ",),
    }
    matched = next((k for k in prefixes if k.startswith(kind)), None)
    if matched is None:
        return "% Invalid input detected at '^' marker.\n"
    wanted = prefixes[matched]
    if matched == "interface" and len(words) > 1:
        from netauto.lab.parse import canonical_interface

        wanted = (f"interface {canonical_interface(''.join(words[1:])) or words[1]}",)
    chosen = [c for c in router.running.children if c.text.startswith(wanted)]
    from netauto.lab.configtree import Line, render

    body = render(Line("", chosen))
    text = "!\n" + "\n".join(body) + ("\n!" if body and body[-1] != "!" else "") + "\nend\n"
    return (
        running_config(router).split("\n", 3)[0]
        + "\n\n"
        + (f"Current configuration : {len(text)} bytes\n{text}")
    )


def show_nvram(router: RouterState) -> str:
    size = len(router.startup_text)
    total = 262136
    return (
        "Directory of nvram:/\n\n"
        f"  253  -rw-{size:>14}                    <no date>  startup-config\n"
        f"  254  ----{5:>14}                    <no date>  private-config\n"
        f"  255  -rw-{size:>14}                    <no date>  underlying-config\n"
        f"    1  ----{0:>14}                    <no date>  ifIndex-table\n\n"
        f"{total} bytes total ({total - size - 5} bytes free)\n"
    )


def show_flash(router: RouterState) -> str:
    """IOS 15's own ``show flash:`` listing (IOS XE answers as ``dir`` does)."""
    flash = router.flash
    if router.model.xe:
        return flash.dir()
    lines = ["-#- --length-- -----date/time------ path"]
    for index, (name, size, mtime) in enumerate(flash.files(), start=1):
        stamp = time.strftime("%b %d %Y %H:%M:%S +00:00", time.gmtime(mtime))
        lines.append(f"{index:<4}{size:>10} {stamp} {name}")
    used = flash.total - flash.free
    lines += ["", f"{flash.free} bytes available ({used} bytes used)"]
    return "\n".join(lines) + "\n"


def partition(sh: Session, values: list[str]) -> str:
    return show_partition(sh.router, values[0].split())


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[Session, list[str]], str], level: int = 1) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh, values)

        command(pattern, level=level)(handler)

    shows("show ip cef", lambda s, v: show_ip_cef(s.router))
    shows("show ip cef vrf <word>", lambda s, v: show_ip_cef(s.router, v[0]))
    shows("show adjacency", lambda s, v: show_adjacency(s.router))
    shows("show ip vrf interfaces", lambda s, v: show_ip_vrf_interfaces(s.router, None))
    shows("show ip vrf interfaces <word>", lambda s, v: show_ip_vrf_interfaces(s.router, v[0]))
    shows("show ipv6 interface brief", lambda s, v: show_ipv6_interface_brief(s.router))
    shows("show ipv6 access-list", lambda s, v: show_ipv6_access_list(s.router, None))
    shows("show ipv6 access-list <word>", lambda s, v: show_ipv6_access_list(s.router, v[0]))
    shows("show cdp entry <word>", lambda s, v: show_cdp_entry(s.router, v[0]))
    shows("show running-config partition <rest>", lambda s, v: partition(s, v), 15)
    shows("dir nvram:", lambda s, v: show_nvram(s.router), 15)
    shows("show flash:", lambda s, v: show_flash(s.router), 15)
    shows("show bootflash:", lambda s, v: s.router.flash.dir(), 15)
    shows("show running-config all", lambda s, v: running_config_all(s.router), 15)


IF_DEFAULTS = (
    "load-interval 300",
    "carrier-delay 2",
    "ip redirects",
    "ip unreachables",
    "ip proxy-arp",
    "ip route-cache",
    "cdp enable",
    "logging event link-status",
)
GLOBAL_DEFAULTS = ("service pad", "ip domain lookup", "ip source-route", "ip finger")


def running_config_all(router: RouterState) -> str:
    """``show running-config all``: the config plus the defaults IOS hides (interface
    redirects, proxy-arp, load-interval, CDP; global lookups; line exec-timeouts)."""
    from netauto.lab.configtree import Line

    tree = router.running.clone()
    for word in GLOBAL_DEFAULTS:
        if tree.find(word) is None and tree.find(f"no {word}") is None:
            tree.children.insert(0 if word.startswith("service") else len(tree.children) // 2,
                                 Line(word))  # fmt: skip
    for block in tree.children:
        if block.text.startswith("interface "):
            loopback = block.text.startswith(("interface Loopback", "interface Tunnel"))
            for default in IF_DEFAULTS:
                if loopback and default in ("cdp enable", "carrier-delay 2"):
                    continue
                if block.find(default) is None and block.find(f"no {default}") is None:
                    block.children.append(Line(default))
        elif block.text.startswith("line ") and block.top("exec-timeout ") is None:
            block.children.append(Line("exec-timeout 10 0"))
    saved = router.running
    router.running = tree
    try:
        return running_config(router)
    finally:
        router.running = saved
