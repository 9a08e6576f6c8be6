"""``show ip bgp ...`` and ``show bgp ...``: a configured BGP process with no session up.

The formats are IOS 15's (the same on IOS XE 17): NAPALM's get_bgp_neighbors reads
``show bgp all summary`` and ``show bgp ipv4 unicast neighbors``, get_bgp_neighbors_detail
``show ip bgp all summary`` and ``show ip bgp ipv4 unicast neighbors X``; ntc-templates parse
``show ip bgp summary`` and ``show ip bgp neighbors``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab import protocols
from netauto.lab.protocols import Bgp, BgpNeighbor

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState

NOT_ACTIVE = "% BGP not active\n\n"
FAMILY = "For address family: IPv4 Unicast\n"
ROW_HEADER = (
    "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd"
)


def _version(process: Bgp) -> int:
    return 1 + len(process.networks)


def summary(process: Bgp, family: bool = False) -> str:
    version = _version(process)
    lines = [
        f"BGP router identifier {process.router_id}, local AS number {process.asn}",
        f"BGP table version is {version}, main routing table version {version}",
    ]
    count = len(process.networks)
    if count:
        lines += [
            f"{count} network entries using {count * 248} bytes of memory",
            f"{count} path entries using {count * 136} bytes of memory",
            f"1/1 BGP path/bestpath attribute entries using {280} bytes of memory",
            "0 BGP route-map cache entries using 0 bytes of memory",
            "0 BGP filter-list cache entries using 0 bytes of memory",
            f"BGP using {count * 384 + 280} total bytes of memory",
            f"BGP activity {count}/0 prefixes, {count}/0 paths, scan interval 60 secs",
        ]
    lines.append("")
    if process.neighbors:
        lines.append(ROW_HEADER)
    for n in process.neighbors:
        lines.append(
            f"{n.address:<16}4 {n.remote_as:>12}       0       0 {version:>8}    0    0 "
            f"never    {n.state}"
        )
    return (FAMILY if family else "") + "\n".join(lines) + "\n"


def neighbor_detail(process: Bgp, n: BgpNeighbor, router: RouterState) -> str:
    link = "internal" if n.remote_as == process.asn else "external"
    lines = [f"BGP neighbor is {n.address},  remote AS {n.remote_as}, {link} link"]
    if n.description:
        lines.append(f" Description: {n.description}")
    if n.shutdown:
        lines.append("  Administratively shut down")
    advertise = 0 if link == "internal" else 30
    lines += [
        "  BGP version 4, remote router ID 0.0.0.0",
        f"  BGP state = {n.state.split()[0]}",
        "  Last read never, last write never, hold time is 180, keepalive interval is 60 seconds",
        "  Message statistics:",
        "    InQ depth is 0",
        "    OutQ depth is 0",
        "    ",
        "                         Sent       Rcvd",
        "    Opens:                  0          0",
        "    Notifications:          0          0",
        "    Updates:                0          0",
        "    Keepalives:             0          0",
        "    Route Refresh:          0          0",
        "    Total:                  0          0",
        f"  Default minimum time between advertisement runs is {advertise} seconds",
        "",
        " For address family: IPv4 Unicast",
        f"  BGP table version {_version(process)}, neighbor version 0/0",
        "  Output queue size : 0",
        "  Index 0, Advertise bit 0",
        "  Slow-peer detection is disabled",
        "  Slow-peer split-update-group dynamic is disabled",
        "                                 Sent       Rcvd",
        "  Prefix activity:               ----       ----",
        "    Prefixes Current:               0          0",
        "    Prefixes Total:                 0          0",
        "    Implicit Withdraw:              0          0",
        "    Explicit Withdraw:              0          0",
        "    Used as bestpath:             n/a          0",
        "    Used as multipath:            n/a          0",
        "",
        "                                   Outbound    Inbound",
        "  Local Policy Denied Prefixes:    --------    -------",
        "    Total:                                0          0",
        "  Number of NLRIs in the update sent: max 0, min 0",
        "  Last detected as dynamic slow peer: never",
        "  Dynamic slow peer recovered: never",
        "  Refresh Epoch: 1",
        "  Last Sent Refresh Start-of-rib: never",
        "  Last Sent Refresh End-of-rib: never",
        "  Last Received Refresh Start-of-rib: never",
        "  Last Received Refresh End-of-rib: never",
        "\t\t\t\t       Sent\t  Rcvd",
        "\tRefresh activity:\t       ----\t  ----",
        "\t  Refresh Start-of-RIB          0          0",
        "\t  Refresh End-of-RIB            0          0",
        "",
    ]
    routed = n.state == "Active"
    lines += [
        f"  Address tracking is enabled, the RIB does {'' if routed else 'not '}have a route to "
        f"{n.address}",
        "  Connections established 0; dropped 0",
        "  Last reset never",
    ]
    if link == "external":
        lines.append("  External BGP neighbor may be up to 1 hop away.")
    lines += [
        "  Transport(tcp) path-mtu-discovery is enabled",
        "  Graceful-Restart is disabled",
        "  SSO is disabled",
        "  No active TCP connection",
    ]
    return "\n".join(lines) + "\n"


def neighbors(router: RouterState, process: Bgp, address: str | None) -> str:
    chosen = process.neighbors
    if address is not None:
        found = process.neighbor(address)
        if found is None:
            return "% No such neighbor or address family\n"
        chosen = [found]
    return "\n".join(neighbor_detail(process, n, router) for n in chosen)


def table(process: Bgp) -> str:
    if not process.networks:
        return ""
    version = _version(process)
    lines = [
        f"BGP table version is {version}, local router ID is {process.router_id}",
        "Status codes: s suppressed, d damped, h history, * valid, > best, i - internal, ",
        "              r RIB-failure, S Stale, m multipath, b backup-path, f RT-Filter, ",
        "              x best-external, a additional-path, c RIB-compressed, ",
        "              t secondary path, L long-lived-stale,",
        "Origin codes: i - IGP, e - EGP, ? - incomplete",
        "RPKI validation codes: V valid, I invalid, N Not found",
        "",
        "     Network          Next Hop            Metric LocPrf Weight Path",
    ]
    for net in process.networks:
        lines.append(f" *>   {net!s:<17}0.0.0.0                  0         32768 i")
    return "\n".join(lines) + "\n"


def show(router: RouterState, words: list[str], *, ip: bool) -> str:
    """``show [ip] bgp [all|ipv4 unicast] summary|neighbors [X]|(table)``."""
    process = protocols.bgp(router)
    if process is None:
        return NOT_ACTIVE
    family = False
    if words[:1] == ["all"]:
        words, family = words[1:], True
    elif words[:1] == ["ipv4"] and words[1:2] in (["unicast"], ["multicast"]):
        if words[1] == "multicast":
            return ""
        words = words[2:]
    elif words[:1] in (["ipv6"], ["vpnv4"], ["vpnv6"], ["l2vpn"]):
        return ""  # no such address family configured: IOS prints nothing
    if words[:1] == ["all"]:  # 'show bgp vpnv4 unicast all ...' and the like
        words, family = words[1:], True
    if not words:
        return table(process)
    if words[0] == "summary":
        return summary(process, family)
    if words[0] == "neighbors":
        rest = [w for w in words[1:] if w not in ("detail",)]
        return neighbors(router, process, rest[0] if rest else None)
    return "% Network not in table\n" if not ip else ""


_KEYWORDS = ("summary", "neighbors", "all", "ipv4", "ipv6", "unicast", "multicast", "vpnv4")


def expand(words: list[str]) -> list[str]:
    """IOS abbreviations (``sum``, ``neigh``, ``nei``) -> full keywords."""
    out = []
    for word in words:
        lowered = word.lower()
        hits = [k for k in _KEYWORDS if k.startswith(lowered)]
        out.append(hits[0] if len(hits) == 1 else word)
    return out


def register(command: Callable[..., Any]) -> None:
    async def ip_bgp(sh: Session, values: list[str]) -> str:
        return show(sh.router, expand(" ".join(values).split()), ip=True)

    async def bgp(sh: Session, values: list[str]) -> str:
        return show(sh.router, expand(" ".join(values).split()), ip=False)

    command("show ip bgp <rest?>", level=1)(ip_bgp)
    command("show bgp <rest?>", level=1)(bgp)
