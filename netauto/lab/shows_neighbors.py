"""Neighbours and sessions: CDP and LLDP (brief and detail), ``show users``, interface summary.

Every lab router has one CDP neighbour, the core switch on its uplink, while that port is up
and CDP runs; LLDP is off by default (``% LLDP is not enabled``), and with ``lldp run`` the
switch is not an LLDP speaker, so the table is empty.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab.shows import interfaces

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState

CDP_CODES = """\
Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge
                  S - Switch, H - Host, I - IGMP, r - Repeater, P - Phone, 
                  D - Remote, C - CVTA, M - Two-port Mac Relay 
"""  # noqa: W291


def _cdp_peer(router: RouterState) -> tuple[str, str, str, str] | None:
    """(device id, local port, remote port, address) of the core switch, if CDP sees it."""
    if router.has("no cdp run"):
        return None
    uplink = router.model.port(0)
    block = router.running.find(f"interface {uplink}")
    if block is None or block.find("shutdown") is not None or block.find("no cdp enable"):
        return None
    n = router.identity.number
    address = f"10.{(n >> 8) & 0xFF}.{n & 0xFF}.254"
    return f"core-sw1.{router.domain or 'lab'}", uplink, f"GigabitEthernet1/0/{n % 48 + 1}", address


def show_cdp_neighbors(router: RouterState) -> str:
    if router.has("no cdp run"):
        return "% CDP is not enabled\n"
    peer = _cdp_peer(router)
    lines = [
        CDP_CODES,
        "Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID",
    ]
    if peer is not None:
        name, local, remote, _ = peer
        short_local = local.replace("GigabitEthernet", "Gig ")
        short_remote = remote.replace("GigabitEthernet", "Gig ")
        lines.append(name)
        lines.append(
            f"                 {short_local:<18}143              R S I WS-C3850- {short_remote}"
        )
    lines += ["", f"Total cdp entries displayed : {0 if peer is None else 1}"]
    return "\n".join(lines) + "\n"


def show_cdp_neighbors_detail(router: RouterState) -> str:
    if router.has("no cdp run"):
        return "% CDP is not enabled\n"
    peer = _cdp_peer(router)
    if peer is None:
        return "\n\nTotal cdp entries displayed : 0\n"
    name, local, remote, address = peer
    return f"""\
-------------------------
Device ID: {name}
Entry address(es): 
  IP address: {address}
Platform: cisco WS-C3850-24T,  Capabilities: Router Switch IGMP 
Interface: {local},  Port ID (outgoing port): {remote}
Holdtime : 143 sec

Version :
Cisco IOS Software, IOS-XE Software, Catalyst L3 Switch Software (CAT3K_CAA-UNIVERSALK9-M), \
Version 03.06.06E RELEASE SOFTWARE (fc1)

advertisement version: 2
Duplex: full
Management address(es): 
  IP address: {address}


Total cdp entries displayed : 1
"""  # noqa: W291


def show_lldp_neighbors(router: RouterState, detail: bool) -> str:
    if not router.has("lldp run"):
        return "% LLDP is not enabled\n"
    if detail:
        return "\nTotal entries displayed: 0\n"
    return (
        "Capability codes:\n"
        "    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device\n"
        "    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other\n\n"
        "Device ID           Local Intf     Hold-time  Capability      Port ID\n\n"
        "Total entries displayed: 0\n"
    )


def show_users(sh: Session) -> str:
    lines = ["    Line       User       Host(s)              Idle       Location"]
    now = time.time()
    for other in sorted(sh.router.lines, key=lambda s: s.vty):
        mark = "*" if other is sh else " "
        idle = int(now - other.last_input)
        clock = f"{idle // 3600:02d}:{idle % 3600 // 60:02d}:{idle % 60:02d}"
        line = f"{2 + other.vty:>2} vty {other.vty}"
        lines.append(
            f"{mark}  {line:<11} {other.user:<10} idle                 {clock} {other.peer}"
        )
    lines += ["", "  Interface    User               Mode         Idle     Peer Address", ""]
    return "\n".join(lines) + "\n"


def show_interface_summary(router: RouterState) -> str:
    lines = [
        " *: interface is up",
        " IHQ: pkts in input hold queue     IQD: pkts dropped from input queue",
        " OHQ: pkts in output hold queue    OQD: pkts dropped from output queue",
        " RXBS: rx rate (bits/sec)          RXPS: rx rate (pkts/sec)",
        " TXBS: tx rate (bits/sec)          TXPS: tx rate (pkts/sec)",
        " TRTL: throttle count",
        "",
        "  Interface                   IHQ       IQD       OHQ       OQD      RXBS      RXPS"
        "      TXBS      TXPS      TRTL",
        "-" * 113,
    ]
    for i in interfaces(router):
        mark = "*" if i.enabled else " "
        zeros = "".join(f"{0:>10}" for _ in range(9))
        lines.append(f"{mark} {i.name:<26}{zeros}")
    return "\n".join(lines) + "\n"


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[Session, list[str]], str]) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh, values)

        command(pattern, level=1)(handler)

    shows("show cdp neighbors", lambda s, v: show_cdp_neighbors(s.router))
    shows("show cdp neighbors detail", lambda s, v: show_cdp_neighbors_detail(s.router))
    shows("show lldp neighbors", lambda s, v: show_lldp_neighbors(s.router, False))
    shows("show lldp neighbors detail", lambda s, v: show_lldp_neighbors(s.router, True))
    shows("show lldp neighbors <if> detail", lambda s, v: show_lldp_neighbors(s.router, True))
    shows("show users <rest?>", lambda s, v: show_users(s))
    shows("show interfaces summary", lambda s, v: show_interface_summary(s.router))
