"""``show ip protocols``: the router's OSPF, EIGRP and BGP processes as configured."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab import protocols
from netauto.lab.shows_ospf import areas_of

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState


def show_ip_protocols(router: RouterState) -> str:
    out = ["*** IP Routing is NSF aware ***", ""]
    for p in protocols.igp(router, "ospf"):
        areas = areas_of(p)
        out += [
            f'Routing Protocol is "ospf {p.process}"',
            "  Outgoing update filter list for all interfaces is not set",
            "  Incoming update filter list for all interfaces is not set",
            f"  Router ID {p.router_id}",
            f"  Number of areas in this router is {len(areas)}. {len(areas)} normal 0 stub 0 nssa",
            "  Maximum path: 4",
            "  Routing for Networks:",
            *(f"    {a} {w} area {area}" for a, w, area in p.networks),
            "  Routing Information Sources:",
            "    Gateway         Distance      Last Update",
            "  Distance: (default is 110)",
            "",
        ]
    for p in protocols.igp(router, "eigrp"):
        out += [
            f'Routing Protocol is "eigrp {p.process}"',
            "  Outgoing update filter list for all interfaces is not set",
            "  Incoming update filter list for all interfaces is not set",
            "  Default networks flagged in outgoing updates",
            "  Default networks accepted from incoming updates",
            f"  EIGRP-IPv4 Protocol for AS({p.process})",
            "    Metric weight K1=1, K2=0, K3=1, K4=0, K5=0",
            "    Soft SIA disabled",
            "    NSF-aware route hold timer is 240",
            f"    Router-ID: {p.router_id}",
            "    Topology : 0 (base) ",
            "      Active Timer: 3 min",
            "      Distance: internal 90 external 170",
            "      Maximum path: 4",
            "      Maximum hopcount 100",
            "      Maximum metric variance 1",
            "",
            "  Automatic Summarization: disabled",
            "  Maximum path: 4",
            "  Routing for Networks:",
            *(f"    {protocols.wildcard_prefix(a, w)}" for a, w, _ in p.networks),
            "  Routing Information Sources:",
            "    Gateway         Distance      Last Update",
            "  Distance: internal 90 external 170",
            "",
        ]
    process = protocols.bgp(router)
    if process is not None:
        out += [
            f'Routing Protocol is "bgp {process.asn}"',
            "  Outgoing update filter list for all interfaces is not set",
            "  Incoming update filter list for all interfaces is not set",
            "  IGP synchronization is disabled",
            "  Automatic route summarization is disabled",
        ]
        if process.neighbors:
            out += [
                "  Neighbor(s):",
                "    Address          FiltIn FiltOut DistIn DistOut Weight RouteMap",
                *(f"    {n.address}" for n in process.neighbors),
            ]
        out += [
            "  Maximum path: 1",
            "  Routing Information Sources:",
            "    Gateway         Distance      Last Update",
            "  Distance: external 20 internal 200 local 200",
            "",
        ]
    return "\n".join(out) + "\n"


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[RouterState, list[str]], str]) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh.router, " ".join(values).split())

        command(pattern, level=1)(handler)

    shows("show ip protocols <rest?>", lambda r, w: show_ip_protocols(r))
