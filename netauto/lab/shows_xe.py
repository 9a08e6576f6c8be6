"""IOS XE platform ``show`` commands of the ISR4331: ``show platform``, ``show platform diag``,
``show platform resources``, ``show license status`` (Smart Licensing Using Policy, as 17.9
prints it) and its memory figures (``show memory statistics``). A CISCO2911 answers
``% Invalid input`` to the platform commands, as IOS 15 on an ISR G2 does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState

INVALID = "% Invalid input detected at '^' marker.\n"
SLOTS = [
    ("0", "ISR4331/K9", "ok"),
    (" 0/0", "ISR4331-3x1GE", "ok"),
    ("1", "ISR4331/K9", "ok"),
    ("R0", "ISR4331/K9", "ok, active"),
    ("F0", "ISR4331/K9", "ok, active"),
    ("P0", "PWR-4330-AC", "ok"),
    ("P2", "ACS-4330-FANASSY", "ok"),
]
FIRMWARE = "16.12(2r)"
CPLD = "1807241C"


def _ago(router: RouterState) -> str:
    weeks, days = divmod(int(time.time() - router.boot_time) // 86400, 7)
    return f"{weeks}w{days}d"


def show_platform(router: RouterState) -> str:
    if not router.model.xe:
        return INVALID
    lines = [
        f"Chassis type: {router.model.pid:<21}",
        "",
        "Slot      Type                State                 Insert time (ago) ",
        "--------- ------------------- --------------------- ----------------- ",
    ]
    lines += [f"{slot:<10}{kind:<20}{state:<22}{_ago(router):<18}" for slot, kind, state in SLOTS]
    lines += [
        "",
        "Slot      CPLD Version        Firmware Version                        ",
        "--------- ------------------- --------------------------------------- ",
    ]
    lines += [f"{slot:<10}{CPLD:<20}{FIRMWARE:<40}" for slot in ("0", "1", "R0", "F0")]
    return "\n".join(lines) + "\n\n"


def show_platform_diag(router: RouterState) -> str:
    if not router.model.xe:
        return INVALID
    ago = _ago(router)
    out = [f"Chassis type: {router.model.pid}", ""]
    for slot, kind, state in SLOTS:
        if slot.startswith(" "):
            out += [
                f"Sub-slot: {slot.strip()}, {kind}",
                "  Operational status          : ok",
                "  Internal state              : inserted",
                f"  Physical insert detect time : 00:02:50 ({ago} ago)",
                f"  Logical insert detect time  : 00:02:50 ({ago} ago)",
                "",
            ]
        elif slot.startswith("P"):
            out += [f"Slot: {slot}, {kind}", "  State                       : ok"]
            if slot == "P0":
                out.append(f"  Physical insert detect time : 00:01:07 ({ago} ago)")
            out.append("")
        else:
            out += [
                f"Slot: {slot}, {kind}",
                f"  Running state               : {state}",
                "  Internal state              : online",
                "  Internal operational state  : ok",
                f"  Physical insert detect time : 00:00:42 ({ago} ago)",
                f"  Software declared up time   : 00:01:22 ({ago} ago)",
                f"  CPLD version                : {CPLD}",
                f"  Firmware version            : {FIRMWARE}",
                "",
            ]
    return "\n".join(out) + "\n"


def show_platform_resources(router: RouterState) -> str:
    if not router.model.xe:
        return INVALID
    flash = router.flash
    used_mb = (flash.total - flash.free) // 1_000_000
    total_mb = flash.total // 1_000_000
    flash_pct = used_mb * 100 // max(total_mb, 1)
    usage, size = f"{used_mb}MB({flash_pct}%)", f"{total_mb}MB"
    return f"""\
**State Acronym: H - Healthy, W - Warning, C - Critical                                             
Resource                 Usage                 Max             Warning         Critical        State
----------------------------------------------------------------------------------------------------
 RP0 (ok, active)                                                                              H
  Control Processor       1.52%                 100%            80%             90%             H
   DRAM                   2519MB(66%)           3791MB          88%             93%             H
   bootflash              {usage:<22}{size:<16}70%             90%             H
   harddisk               0MB(0%)               0MB             70%             90%             H
 ESP0(ok, active)                                                                              H
  QFP                                                                                          H
   TCAM                   8cells(0%)            131072cells     65%             85%             H
   DRAM                   85009KB(32%)          262144KB        85%             95%             H
   IRAM                   13525KB(10%)          131072KB        85%             95%             H
   CPU Utilization        0.00%                 100%            90%             95%             H

"""  # noqa: W291


def show_license_status(router: RouterState) -> str:
    if not router.model.xe:
        return INVALID
    return """\

Utility:
  Status: DISABLED

Smart Licensing Using Policy:
  Status: ENABLED

Account Information:
  Smart Account: <none>
  Virtual Account: <none>

Data Privacy:
  Sending Hostname: yes
    Callhome hostname privacy: DISABLED
    Smart Licensing hostname privacy: DISABLED
  Version privacy: DISABLED

Transport:
  Type: Smart
  URL: https://smartreceiver.cisco.com/licservice/license
  Proxy:
    Not Configured
  VRF:
    Not Configured

Policy:
  Policy in use: Merged from multiple sources.
  Reporting ACK required: yes (CISCO default)
  Unenforced/Non-Export Perpetual Attributes:
    First report requirement (days): 365 (CISCO default)
    Reporting frequency (days): 0 (CISCO default)
    Report on change (days): 90 (CISCO default)
  Unenforced/Non-Export Subscription Attributes:
    First report requirement (days): 90 (CISCO default)
    Reporting frequency (days): 90 (CISCO default)
    Report on change (days): 90 (CISCO default)
  Enforced (Perpetual/Subscription) License Attributes:
    First report requirement (days): 0 (CISCO default)
    Reporting frequency (days): 0 (CISCO default)
    Report on change (days): 0 (CISCO default)
  Export (Perpetual/Subscription) License Attributes:
    First report requirement (days): 0 (CISCO default)
    Reporting frequency (days): 0 (CISCO default)
    Report on change (days): 0 (CISCO default)

Miscellaneous:
  Custom Id: <empty>

Usage Reporting:
  Last ACK received: <none>
  Next ACK deadline: <none>
  Reporting push interval: 0 (no reporting)
  Next ACK push check: <none>
  Next report push: <none>
  Last report push: <none>
  Last report file write: <none>

Trust Code Installed: <none>
"""


def show_memory_statistics(router: RouterState) -> str:
    if not router.model.xe:
        return (
            "                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)\n"
            "Processor   2B4A5E40   376578496    74524632   302053864   301012320   300924100\n"
            "      I/O    F600000    44040192     9617380    34422812    34317236    34415004\n"
        )
    return (
        "Tracekey : 1#3c4f1e7b0e2fdc8a8a5ad0e5c2b1f5a6\n\n"
        "                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)\n"
        "Processor  7F5D72F010  1839102816   324611072  1514491744  1506580432  1509979080\n"
        " lsmpi_io  7F5CD6F1A8     6295128     6294304         824         824         412\n"
    )


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[RouterState], str]) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh.router)

        command(pattern, level=1)(handler)

    shows("show platform", show_platform)
    shows("show platform diag", show_platform_diag)
    shows("show platform resources", show_platform_resources)
    shows("show license status", show_license_status)
    shows("show memory statistics", show_memory_statistics)
