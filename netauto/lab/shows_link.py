"""Link-layer globals: ``show lacp sys-id``, ``show cdp``, ``show lldp``, ``show lldp interface``.

Ansible's ``ios_facts`` asks these of every router (the LACP and LLDP resource facts, the
legacy interfaces subset). Without ``lldp run`` IOS answers ``% LLDP is not enabled``; with
``no cdp run``, ``% CDP is not enabled``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab.shows import interfaces

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState

LLDP_OFF = "% LLDP is not enabled\n"


def show_lacp_sys_id(router: RouterState) -> str:
    priority = router.running.top("lacp system-priority ") or "32768"
    return f"{priority}, {router.identity.mac(0)}\n"


def show_cdp(router: RouterState) -> str:
    if router.has("no cdp run"):
        return "% CDP is not enabled\n"
    return (
        "Global CDP information:\n"
        "\tSending CDP packets every 60 seconds\n"
        "\tSending a holdtime value of 180 seconds\n"
        "\tSending CDPv2 advertisements is  enabled\n"
    )


def show_lldp(router: RouterState) -> str:
    if not router.has("lldp run"):
        return LLDP_OFF
    return (
        "\nGlobal LLDP Information:\n"
        "    Status: ACTIVE\n"
        "    LLDP advertisements are sent every 30 seconds\n"
        "    LLDP hold time advertised is 120 seconds\n"
        "    LLDP interface reinitialisation delay is 2 seconds\n"
    )


def show_lldp_interface(router: RouterState, name: str | None = None) -> str:
    """Tx/Rx per Ethernet port (``no lldp transmit|receive`` turn them off)."""
    if not router.has("lldp run"):
        return LLDP_OFF
    lines = [""]
    for i in interfaces(router):
        if i.loopback or (name is not None and i.name != name):
            continue
        block = router.running.find(f"interface {i.name}")
        tx = block is None or block.find("no lldp transmit") is None
        rx = block is None or block.find("no lldp receive") is None
        up = i.enabled
        lines += [
            f"{i.name}:",
            f"    Tx: {'enabled' if tx else 'disabled'}",
            f"    Rx: {'enabled' if rx else 'disabled'}",
            f"    Tx state: {'IDLE' if tx and up else 'INIT'}",
            f"    Rx state: {'WAIT FOR FRAME' if rx and up else 'INIT'}",
            "",
        ]
    return "\n".join(lines) + "\n"


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[Session, list[str]], str]) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh, values)

        command(pattern, level=1)(handler)

    shows("show lacp sys-id", lambda s, v: show_lacp_sys_id(s.router))
    shows("show cdp", lambda s, v: show_cdp(s.router))
    shows("show lldp", lambda s, v: show_lldp(s.router))
    shows("show lldp interface", lambda s, v: show_lldp_interface(s.router))
    shows("show lldp interface <if>", lambda s, v: show_lldp_interface(s.router, v[0]))
