"""OSPF and EIGRP ``show`` commands, and ``show ip protocols``, from the configured processes.

No neighbour ever answers in the lab: the neighbour tables are empty, each OSPF broadcast
interface that is up is the DR of its segment, the database holds the router's own router LSA,
and the EIGRP topology holds the connected networks of its interfaces.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab import protocols
from netauto.lab.protocols import Igp, IgpInterface, area_name, short

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState


def _state(m: IgpInterface) -> str:
    if not m.iface.enabled:
        return "DOWN"
    return "LOOP" if m.iface.loopback else "DR"


def ospf_interface_brief(processes: list[Igp]) -> str:
    if not any(p.members for p in processes):
        return ""
    lines = ["Interface    PID   Area            IP Address/Mask    Cost  State Nbrs F/C"]
    for p in processes:
        for m in p.members:
            lines.append(
                f"{short(m.iface.name):<13}{p.process:<6}{m.area:<16}{m.address!s:<19}"
                f"{m.cost:<6}{_state(m):<6}0/0"
            )
    return "\n".join(lines) + "\n"


def ospf_interface(processes: list[Igp], name: str | None) -> str:
    out: list[str] = []
    for p in processes:
        for m in p.members:
            i = m.iface
            if name is not None and i.name != name:
                continue
            kind = "LOOPBACK" if i.loopback else "BROADCAST"
            protocol = "up" if i.enabled else "down"
            lines = [
                f"{i.name} is {i.status}, line protocol is {protocol} ",
                f"  Internet Address {m.address}, Area {m.area}, Attached via {m.how}",
                f"  Process ID {p.process}, Router ID {p.router_id}, Network Type {kind}, "
                f"Cost: {m.cost}",
                "  Topology-MTID    Cost    Disabled    Shutdown      Topology Name",
                f"        0           {m.cost:<10}no          no            Base",
            ]
            if i.loopback:
                lines.append("  Loopback interface is treated as a stub Host")
            elif not i.enabled:
                lines += [
                    "  Transmit Delay is 1 sec, State DOWN, Priority 1",
                    "  No designated router on this network",
                    "  No backup designated router on this network",
                    "  Timer intervals configured, Hello 10, Dead 40, Wait 40, Retransmit 5",
                ]
            else:
                lines += [
                    "  Transmit Delay is 1 sec, State DR, Priority 1",
                    f"  Designated Router (ID) {p.router_id}, Interface address {m.address.ip}",
                    "  No backup designated router on this network",
                    "  Timer intervals configured, Hello 10, Dead 40, Wait 40, Retransmit 5",
                    "    oob-resync timeout 40",
                ]
                lines += (
                    ["    No Hellos (Passive interface) "]
                    if m.passive
                    else ["    Hello due in 00:00:04"]
                )
                lines += [
                    "  Supports Link-local Signaling (LLS)",
                    "  Cisco NSF helper support enabled",
                    "  IETF NSF helper support enabled",
                    "  Index 1/1/1, flood queue length 0",
                    "  Next 0x0(0)/0x0(0)/0x0(0)",
                    "  Last flood scan length is 0, maximum is 0",
                    "  Last flood scan time is 0 msec, maximum is 0 msec",
                    "  Neighbor Count is 0, Adjacent neighbor count is 0 ",
                    "  Suppress hello for 0 neighbor(s)",
                ]
            out += lines
    return "\n".join(out) + "\n" if out else ""


def _areas(p: Igp) -> list[str]:
    seen: list[str] = []
    for m in p.members:
        if m.area not in seen:
            seen.append(m.area)
    for _, _, area in p.networks:
        if area not in seen:
            seen.append(area)
    return seen


def _checksum(text: str) -> str:
    return f"0x{zlib.crc32(text.encode()) & 0xFFFFFF:06X}"


def show_ip_ospf(router: RouterState, processes: list[Igp]) -> str:
    out: list[str] = []
    for p in processes:
        areas = _areas(p)
        out += [
            f' Routing Process "ospf {p.process}" with ID {p.router_id}',
            " Start time: 00:00:41.123, Time elapsed: " + router.uptime().split(",")[0],
            " Supports only single TOS(TOS0) routes",
            " Supports opaque LSA",
            " Supports Link-local Signaling (LLS)",
            " Supports area transit capability",
            " Supports NSSA (compatible with RFC 3101)",
            " Supports Database Exchange Summary List Optimization (RFC 5243)",
            " Event-log enabled, Maximum number of events: 1000, Mode: cyclic",
            " Router is not originating router-LSAs with maximum metric",
            " Initial SPF schedule delay 5000 msecs",
            " Minimum hold time between two consecutive SPFs 10000 msecs",
            " Maximum wait time between two consecutive SPFs 10000 msecs",
            " Incremental-SPF disabled",
            " Minimum LSA interval 5 secs",
            " Minimum LSA arrival 1000 msecs",
            " LSA group pacing timer 240 secs",
            " Interface flood pacing timer 33 msecs",
            " Retransmission pacing timer 66 msecs",
            " EXCHANGE/LOADING adjacency limit: initial 300, process maximum 300",
            " Number of external LSA 0. Checksum Sum 0x000000",
            " Number of opaque AS LSA 0. Checksum Sum 0x000000",
            " Number of DCbitless external and opaque AS LSA 0",
            " Number of DoNotAge external and opaque AS LSA 0",
            f" Number of areas in this router is {len(areas)}. {len(areas)} normal 0 stub 0 nssa",
            " Number of areas transit capable is 0",
            " External flood list length 0",
            " IETF NSF helper support enabled",
            " Cisco NSF helper support enabled",
            " Reference bandwidth unit is 100 mbps",
        ]
        for area in areas:
            count = sum(1 for m in p.members if m.area == area)
            loops = sum(1 for m in p.members if m.area == area and m.iface.loopback)
            out += [
                f"    Area {area_name(area)}",
                f"        Number of interfaces in this area is {count}"
                + (f" ({loops} loopback)" if loops else ""),
                "        Area has no authentication",
                "        SPF algorithm last executed 00:41:12.345 ago",
                "        SPF algorithm executed 2 times",
                "        Area ranges are",
                f"        Number of LSA 1. Checksum Sum {_checksum(p.router_id + area)}",
                "        Number of opaque link LSA 0. Checksum Sum 0x000000",
                "        Number of DCbitless LSA 0",
                "        Number of indication LSA 0",
                "        Number of DoNotAge LSA 0",
                "        Flood list length 0",
                "",
            ]
    return "\n".join(out) + "\n" if out else ""


def ospf_database(processes: list[Igp]) -> str:
    out: list[str] = []
    for p in processes:
        out += ["", f"            OSPF Router with ID ({p.router_id}) (Process ID {p.process})"]
        for area in _areas(p):
            links = sum(1 for m in p.members if m.area == area and m.iface.enabled)
            out += [
                "",
                f"\t\tRouter Link States (Area {area})",
                "",
                "Link ID         ADV Router      Age         Seq#       Checksum Link count",
                f"{p.router_id:<16}{p.router_id:<16}{1204:<12}0x80000003 "
                f"{_checksum(p.router_id + area)[:2]}{_checksum(p.router_id + area)[4:]} {links}",
            ]
    return "\n".join(out) + "\n" if out else ""


def ospf_neighbor(processes: list[Igp]) -> str:
    # No neighbour ever comes up: IOS prints nothing rather than an empty table.
    return ""


def eigrp_interfaces(processes: list[Igp]) -> str:
    out: list[str] = []
    for p in processes:
        out += [
            f"EIGRP-IPv4 Interfaces for AS({p.process})",
            "                              Xmit Queue   PeerQ        Mean   Pacing Time   "
            "Multicast    Pending",
            "Interface              Peers  Un/Reliable  Un/Reliable  SRTT   Un/Reliable   "
            "Flow Timer   Routes",
        ]
        for m in p.members:
            if m.iface.enabled:
                out.append(
                    f"{short(m.iface.name):<23}0        0/0       0/0           0       0/0"
                    "            0           0"
                )
    return "\n".join(out) + "\n" if out else ""


def eigrp_neighbors(processes: list[Igp]) -> str:
    return "".join(f"EIGRP-IPv4 Neighbors for AS({p.process})\n" for p in processes)


def eigrp_topology(processes: list[Igp]) -> str:
    out: list[str] = []
    for p in processes:
        out += [
            f"EIGRP-IPv4 Topology Table for AS({p.process})/ID({p.router_id})",
            "Codes: P - Passive, A - Active, U - Update, Q - Query, R - Reply,",
            "       r - reply Status, s - sia Status ",
            "",
        ]
        for m in sorted(p.members, key=lambda m: int(m.address.network.network_address)):
            if not m.iface.enabled:
                continue
            fd = 128256 if m.iface.loopback else 2816
            out += [
                f"P {m.address.network}, 1 successors, FD is {fd}",
                f"        via Connected, {m.iface.name}",
            ]
        out.append("")
    return "\n".join(out) + "\n" if out else ""


def show_ip_protocols(router: RouterState) -> str:
    out = ["*** IP Routing is NSF aware ***", ""]
    for p in protocols.igp(router, "ospf"):
        areas = _areas(p)
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


def _interface_name(words: list[str]) -> str | None:
    from netauto.lab.parse import canonical_interface

    return canonical_interface("".join(words)) if words else None


def ospf(router: RouterState, words: list[str]) -> str:
    processes = protocols.igp(router, "ospf")
    if words and words[0].isdigit():
        processes = [p for p in processes if p.process == words[0]]
        words = words[1:]
    if not words:
        return show_ip_ospf(router, processes)
    head = words[0]
    if "interface".startswith(head) and len(head) >= 3:
        rest = words[1:]
        if rest and "brief".startswith(rest[-1]) and len(rest[-1]) >= 2:
            return ospf_interface_brief(processes)
        return ospf_interface(processes, _interface_name(rest))
    if "neighbor".startswith(head) and len(head) >= 3:
        return ospf_neighbor(processes)
    if "database".startswith(head) and len(head) >= 4:
        return ospf_database(processes)
    return ""


def eigrp(router: RouterState, words: list[str]) -> str:
    processes = protocols.igp(router, "eigrp")
    head = words[0] if words else ""
    if head and "interfaces".startswith(head):
        return eigrp_interfaces(processes)
    if len(head) >= 3 and "neighbors".startswith(head):
        return eigrp_neighbors(processes)
    if len(head) >= 3 and "topology".startswith(head):
        return eigrp_topology(processes)
    return ""


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[RouterState, list[str]], str]) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh.router, " ".join(values).split())

        command(pattern, level=1)(handler)

    shows("show ip ospf <rest?>", ospf)
    shows("show ip eigrp <rest?>", eigrp)
    shows("show ip protocols <rest?>", lambda r, w: show_ip_protocols(r))
