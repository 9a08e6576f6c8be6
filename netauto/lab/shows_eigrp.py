"""``show ip eigrp ...`` from the configured EIGRP processes.

No neighbour ever answers in the lab: the neighbour table is empty, and the topology holds
the connected networks of the process's interfaces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab import protocols
from netauto.lab.protocols import Igp, short

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState


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

    shows("show ip eigrp <rest?>", eigrp)
