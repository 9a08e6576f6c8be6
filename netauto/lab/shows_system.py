"""``show`` outputs about the system rather than interfaces: archive, inventory, health,
neighbors, clock. Fixed values where the lab has no real data (CPU, memory, temperature).
"""

from __future__ import annotations

import time

from netauto.lab.defaults import MODEL
from netauto.lab.shows import interfaces
from netauto.lab.state import RouterState, clock


def show_archive(router: RouterState) -> str:
    if not router.archive_enabled():
        return "Archive feature not enabled\n"
    block = router.running.find("archive")
    base = (block.top("path ") if block else None) or "flash:archive"
    maximum = int((block.top("maximum ") if block else None) or 14)
    count = len(router.archives)
    lines = [
        f"The maximum archive configurations allowed is {maximum}.",
        f"There are currently {count} archive configurations saved.",
        f"The next archive file will be named {base}-{router.archive_index}",
        " Archive #  Name",
    ]
    for slot in range(1, maximum + 1):
        if slot <= count:
            recent = " <- Most Recent" if slot == count else ""
            lines.append(f"   {slot:<8} {router.archives[slot - 1]}{recent}")
        else:
            lines.append(f"   {slot:<8}")
    return "\n".join(lines) + "\n"


def rollback_timer(router: RouterState) -> str:
    revert = router.revert
    if revert is None:
        return "%No Rollback Confirmed Change pending\n"
    return (
        f"Time configured(or Reset to) : {clock(revert.configured)}\n"
        "Timer type: absolute timer\n"
        f"Timer value: {revert.minutes} min\n"
        f"User: {revert.user}\n"
    )


def show_inventory(router: RouterState) -> str:
    serial = router.identity.serial
    return (
        f'NAME: "{MODEL} chassis", DESCR: "{MODEL} chassis, Hw Serial#: {serial}, '
        'Hw Revision: 1.0"\n'
        f"PID: {MODEL}      , VID: V07 , SN: {serial}\n"
    )


def show_clock() -> str:
    now = time.time()
    return f"*{clock(now)[:8]}.{int(now * 1000) % 1000:03d}{clock(now)[8:]}\n"


def show_proc_cpu() -> str:
    return (
        "CPU utilization for five seconds: 2%/0%; one minute: 1%; five minutes: 1%\n"
        " PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process \n"
        "   1           4          42         95  0.00%  0.00%  0.00%   0 Chunk Manager    \n"
    )


def show_memory_statistics() -> str:
    return (
        "                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)\n"
        "Processor   2B4A5E40   376578496    74524632   302053864   301012320   300924100\n"
        "      I/O    F600000    44040192     9617380    34422812    34317236    34415004\n"
    )


def show_env_temperature() -> str:
    return (
        "SYSTEM Temperature Value: 34 Degree Celsius\n"
        "SYSTEM Low Temperature Alert Threshold: -5 Degree Celsius\n"
        "SYSTEM Yellow Threshold : 60 Degree Celsius\n"
        "SYSTEM Red Threshold : 75 Degree Celsius\n"
    )


def show_arp(router: RouterState) -> str:
    lines = ["Protocol  Address          Age (min)  Hardware Addr   Type   Interface"]
    for i in interfaces(router):
        if i.loopback or not i.enabled:
            continue
        for address, _, _ in i.addresses:
            lines.append(f"Internet  {address:<17}       -   {i.mac}  ARPA   {i.name}")
    return "\n".join(lines) + "\n"


def show_cdp_neighbors_detail(router: RouterState) -> str:
    if router.has("no cdp run"):
        return "% CDP is not enabled\n"
    return f"""\
-------------------------
Device ID: core-sw1.{router.domain or "lab"}
Entry address(es):
  IP address: 10.{(router.identity.number >> 8) & 0xFF}.{router.identity.number & 0xFF}.254
Platform: cisco WS-C3850-24T,  Capabilities: Router Switch IGMP
Interface: GigabitEthernet0/0,  Port ID (outgoing port): GigabitEthernet1/0/{router.identity.number % 48 + 1}
Holdtime : 143 sec

Version :
Cisco IOS Software, IOS-XE Software, Catalyst L3 Switch Software (CAT3K_CAA-UNIVERSALK9-M), Version 03.06.06E RELEASE SOFTWARE (fc1)

advertisement version: 2
Duplex: full
Management address(es):


Total cdp entries displayed : 1
"""  # noqa: E501


def show_lldp_neighbors_detail(router: RouterState) -> str:
    if not router.has("lldp run"):
        return "% LLDP is not enabled\n"
    return "\nTotal entries displayed: 0\n"
