"""``show ip ospf ...`` from the configured OSPF processes.

No neighbour ever answers in the lab: the neighbour table is empty, each OSPF broadcast
interface that is up is the DR of its segment, and the database holds the router's own
router LSA.
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


def areas_of(p: Igp) -> list[str]:
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
        areas = areas_of(p)
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
        for area in areas_of(p):
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


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[RouterState, list[str]], str]) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh.router, " ".join(values).split())

        command(pattern, level=1)(handler)

    shows("show ip ospf <rest?>", ospf)
