"""``show standby [brief|all]`` and ``show vrrp [brief|all]``: HSRP and VRRP groups alone on
their segment, so the router is Active (Master) while the interface is up, Init when it is not.

IOS 15 prints VRRPv2 (``vrrp 1 ip ...``); IOS XE 17 prints VRRPv3 (``vrrp 1 address-family
ipv4``, upper-case states, ``State duration``), as ntc-templates' recorded outputs show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab import protocols
from netauto.lab.protocols import Fhrp, hsrp_mac, short, vrrp_mac

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState


def _address(group: Fhrp) -> str:
    primary = protocols.primary(group.iface)
    return str(primary.ip) if primary else "unknown"


def standby(router: RouterState, brief: bool, name: str | None = None) -> str:
    groups = [g for g in protocols.standby(router) if name is None or g.iface.name == name]
    if brief:
        lines = [
            "                     P indicates configured to preempt.",
            "                     |",
            "Interface   Grp  Pri P State   Active          Standby         Virtual IP",
        ]
        for g in groups:
            state = "Active" if g.active else "Init"
            active = "local" if g.active else "unknown"
            lines.append(
                f"{short(g.iface.name):<12}{g.group:<5}{g.priority:<4}{'P' if g.preempt else ' '} "
                f"{state:<8}{active:<16}{'unknown':<16}{g.virtual}"
            )
        return "\n".join(lines) + "\n" if groups else ""
    out: list[str] = []
    for g in groups:
        version = " (version 2)" if g.version == 2 else ""
        mac = hsrp_mac(g)
        out.append(f"{g.iface.name} - Group {g.group}{version}")
        if g.active:
            out += [
                "  State is Active",
                "    2 state changes, last state change 00:41:12",
                f"  Virtual IP address is {g.virtual}",
                *(f"    Secondary virtual IP address {s}" for s in g.secondary),
                f"  Active virtual MAC address is {mac} (MAC In Use)",
                f"    Local virtual MAC address is {mac} (v{g.version} default)",
                "  Hello time 3 sec, hold time 10 sec",
                "    Next hello sent in 1.216 secs",
                f"  Preemption {'enabled' if g.preempt else 'disabled'}",
                "  Active router is local",
                "  Standby router is unknown",
                f"  Priority {g.priority} (configured {g.priority})",
            ]
        else:
            out += [
                "  State is Init (interface down)",
                f"  Virtual IP address is {g.virtual}",
                "  Active virtual MAC address is unknown (MAC Not In Use)",
                f"    Local virtual MAC address is {mac} (v{g.version} default)",
                "  Hello time 3 sec, hold time 10 sec",
                f"  Preemption {'enabled' if g.preempt else 'disabled'}",
                "  Active router is unknown",
                "  Standby router is unknown",
                f"  Priority {g.priority} (configured {g.priority})",
            ]
        out.append(f'  Group name is "hsrp-{short(g.iface.name)}-{g.group}" (default)')
    return "\n".join(out) + "\n" if out else ""


def _vrrp_v2(groups: list[Fhrp], brief: bool) -> str:
    if brief:
        lines = ["Interface          Grp Pri Time  Own Pre State   Master addr     Group addr"]
        for g in groups:
            state = "Master" if g.active else "Init"
            master = _address(g) if g.active else "0.0.0.0"
            skew = 3000 + (256 - g.priority) * 1000 // 256
            lines.append(
                f"{short(g.iface.name):<19}{g.group:<4}{g.priority:<4}{skew:<6}"
                f"{'':<5}{'Y' if g.preempt else ' ':<3}{state:<8}{master:<16}{g.virtual}"
            )
        return "\n".join(lines) + "\n" if groups else ""
    out: list[str] = []
    for g in groups:
        skew = (256 - g.priority) * 1000 // 256
        state = "Master" if g.active else "Init"
        out += [
            f"{g.iface.name} - Group {g.group}  ",
            f"  State is {state}  ",
            f"  Virtual IP address is {g.virtual}",
            f"  Virtual MAC address is {vrrp_mac(g)}",
            "  Advertisement interval is 1.000 sec",
            f"  Preemption {'enabled' if g.preempt else 'disabled'}",
            f"  Priority is {g.priority} ",
            f"  Master Router is {_address(g)}{' (local)' if g.active else ''}, "
            f"priority is {g.priority} ",
            "  Master Advertisement interval is 1.000 sec",
            f"  Master Down interval is 3.{skew:03d} sec",
            "",
        ]
    return "\n".join(out) + "\n" if out else ""


def _vrrp_v3(groups: list[Fhrp], brief: bool) -> str:
    if brief:
        lines = ["  Interface          Grp  A-F Pri  Time Own Pre State   Master addr/Group addr"]
        for g in groups:
            state = "MASTER" if g.active else "INIT"
            master = f"{_address(g)}(local)" if g.active else "0.0.0.0"
            lines.append(
                f"  {short(g.iface.name):<19}{g.group:>3} {g.family} {g.priority:>3} {0:>5}  N   "
                f"{'Y' if g.preempt else 'N'}  {state:<7} {master} {g.virtual}"
            )
        return "\n".join(lines) + "\n" if groups else ""
    out: list[str] = [""]
    for g in groups:
        state = "MASTER" if g.active else "INIT"
        master = f"{_address(g)} (local)" if g.active else "unknown"
        out += [
            f"{g.iface.name} - Group {g.group} - Address-Family {g.family}",
            f"  State is {state}",
            "  State duration 41 mins 12.345 secs",
            f"  Virtual IP address is {g.virtual}",
            f"  Virtual MAC address is {vrrp_mac(g)}",
            "  Advertisement interval is 1000 msec",
            f"  Preemption {'enabled' if g.preempt else 'disabled'}",
            f"  Priority is {g.priority}",
            f"  Master Router is {master}, priority is {g.priority}",
            "  Master Advertisement interval is 1000 msec (expires in 412 msec)",
            "  Master Down interval is unknown",
            "",
        ]
    return "\n".join(out) + "\n" if groups else ""


def vrrp(router: RouterState, brief: bool) -> str:
    groups = protocols.vrrp(router)
    if router.model.xe:
        return _vrrp_v3(groups, brief)
    return _vrrp_v2([g for g in groups if g.version == 2], brief)


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[Session, list[str]], str]) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh, values)

        command(pattern, level=1)(handler)

    shows("show standby", lambda s, v: standby(s.router, False))
    shows("show standby all", lambda s, v: standby(s.router, False))
    shows("show standby brief", lambda s, v: standby(s.router, True))
    shows("show standby <if>", lambda s, v: standby(s.router, False, v[0]))
    shows("show standby <if> brief", lambda s, v: standby(s.router, True, v[0]))
    shows("show vrrp", lambda s, v: vrrp(s.router, False))
    shows("show vrrp all", lambda s, v: vrrp(s.router, False))
    shows("show vrrp brief", lambda s, v: vrrp(s.router, True))
