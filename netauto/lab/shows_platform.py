"""``show`` outputs of the platform: version, inventory, license, boot, file systems.

Each differs between the CISCO2911 (IOS 15) and the ISR4331 (IOS XE 17); the wording follows
the real outputs that NAPALM's get_facts and the ntc-templates parsers are written against.
"""

from __future__ import annotations

from netauto.lab.state import RouterState, clock

XE_LEGAL = """\
Cisco IOS-XE software, Copyright (c) 2005-2023 by cisco Systems, Inc.
All rights reserved.  Certain components of Cisco IOS-XE software are
licensed under the GNU General Public License ("GPL") Version 2.0.  The
software code licensed under GPL Version 2.0 is free software that comes
with ABSOLUTELY NO WARRANTY.  You can redistribute and/or modify such
GPL code under the terms of GPL Version 2.0.  For more details, see the
documentation or "License Notice" file accompanying the IOS-XE software,
or the applicable URL provided on the flyer accompanying the IOS-XE
software.
"""


def _ports(router: RouterState) -> int:
    return sum(1 for b in router.interfaces() if b.text.startswith("interface GigabitEthernet"))


def _reason(router: RouterState, xe: bool) -> str:
    if router.reload_reason == "power-on":
        return "PowerOn" if xe else "power-on"
    return router.reload_reason


def _returned(router: RouterState, xe: bool) -> str:
    if router.reload_reason == "power-on":
        return "PowerOn" if xe else "power-on"
    return "Reload Command" if xe else "reload"


def show_version(router: RouterState) -> str:
    model, serial = router.model, router.identity.serial
    if model.xe:
        return f"""\
Cisco IOS XE Software, Version 17.09.04a
Cisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), \
Version {model.version}, RELEASE SOFTWARE (fc3)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2023 by Cisco Systems, Inc.
Compiled Fri 20-Oct-23 10:44 by mcpre


{XE_LEGAL}

ROM: 16.12(2r)

{router.hostname} uptime is {router.uptime()}
Uptime for this control processor is {router.uptime()}
System returned to ROM by {_returned(router, xe=True)}
System restarted at {clock(router.boot_time)}
System image file is "bootflash:{model.image}"
Last reload reason: {_reason(router, xe=True)}



Technology Package License Information:

-----------------------------------------------------------------
Technology    Type         Technology-package   Technology-package
                                     Current              Next Reboot
-----------------------------------------------------------------
appxk9           None             None                 None
uck9             None             None                 None
securityk9       None             None                 None
ipbase           Smart License    ipbase               ipbase

The current crypto throughput level is 250000 kbps


Smart Licensing Status: Registration Not Applicable/Not Applicable

cisco {model.pid} (1RU) processor with 1795999K/6147K bytes of memory.
Processor board ID {serial}
Router operating mode: Autonomous
{_ports(router)} Gigabit Ethernet interfaces
32768K bytes of non-volatile configuration memory.
3747220K bytes of physical memory.
7024639K bytes of flash memory at bootflash:.

Configuration register is 0x2102

"""
    return f"""\
Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version {model.version}, \
RELEASE SOFTWARE (fc2)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2021 by Cisco Systems, Inc.
Compiled Thu 26-Aug-21 03:49 by prod_rel_team

ROM: System Bootstrap, Version 15.0(1r)M16, RELEASE SOFTWARE (fc1)

{router.hostname} uptime is {router.uptime()}
System returned to ROM by {_returned(router, xe=False)}
System restarted at {clock(router.boot_time)}
System image file is "flash:{model.image}"
Last reload type: Normal Reload
Last reload reason: {_reason(router, xe=False)}

Cisco {model.pid} (revision 1.0) with 483328K/40960K bytes of memory.
Processor board ID {serial}
{_ports(router)} Gigabit Ethernet interfaces
1 terminal line
DRAM configuration is 64 bits wide with parity enabled.
255K bytes of non-volatile configuration memory.
250880K bytes of ATA System CompactFlash 0 (Read/Write)

License Info:

License UDI:

-------------------------------------------------
Device#   PID                   SN
-------------------------------------------------
*0        {model.pid}          {serial}

Configuration register is 0x2102
"""


def show_inventory(router: RouterState) -> str:
    model, serial = router.model, router.identity.serial
    pid = model.pid
    if not model.xe:
        return (
            f'NAME: "{pid} chassis", DESCR: "{pid} chassis, Hw Serial#: {serial}, '
            'Hw Revision: 1.0"\n'
            f"PID: {pid}      , VID: V07 , SN: {serial}\n"
        )
    rows = [
        ("Chassis", "Cisco ISR4331 Chassis", pid, "V04", serial),
        ("Power Supply Module 0", "250W AC Power Supply for Cisco ISR 4330", "PWR-4330-AC", "V02",
         f"PST{serial[3:]}"),
        ("Fan Tray", "Cisco ISR4330 Fan Assembly", "ACS-4330-FANASSY", "", ""),
        ("module 0", "Cisco ISR4331 Built-In NIM controller", pid, "", ""),
        ("NIM subslot 0/0", "Front Panel 3 ports Gigabitethernet Module", "ISR4331-3x1GE", "V01",
         ""),
        ("module R0", "Cisco ISR4331 Route Processor", pid, "V04", f"FOC{serial[3:]}"),
        ("module F0", "Cisco ISR4331 Forwarding Processor", pid, "", ""),
    ]  # fmt: skip
    return "".join(
        f'NAME: "{name}", DESCR: "{descr}"\nPID: {p:<18}, VID: {vid:<4} , SN: {sn}\n\n'
        for name, descr, p, vid, sn in rows
    )


LICENSES_15 = [
    ("ipbasek9", "Life time", None, "Permanent", "Active, In Use", "Medium"),
    ("securityk9", "Not Activated", "0  minute  0  second", "EvalRightToUse",
     "Not in Use, EULA not accepted", "None"),
    ("uck9", "Not Activated", "0  minute  0  second", "EvalRightToUse",
     "Not in Use, EULA not accepted", "None"),
    ("datak9", "Not Activated", "0  minute  0  second", "EvalRightToUse",
     "Not in Use, EULA not accepted", "None"),
]  # fmt: skip


def show_license(router: RouterState) -> str:
    if router.model.xe:
        return (
            "Smart Licensing Status\n======================\n\n"
            "Smart Licensing is ENABLED\n\nLicense Reservation is DISABLED\n\n"
            "License Usage\n=============\n\n"
            "booster_performance (ISR_4331_BOOST):\n"
            "  Description: Booster Performance for ISR 4331\n"
            "  Count: 1\n  Version: 1.0\n  Status: IN USE\n"
            "  Export status: NOT RESTRICTED\n  Feature Name: booster_performance\n"
        )
    out: list[str] = []
    for index, (feature, left, used, kind, state, priority) in enumerate(LICENSES_15, 1):
        out.append(f"Index {index} Feature: {feature}")
        out.append(f"\tPeriod left: {left}")
        if used:
            out.append(f"\tPeriod Used: {used}")
        out += [
            f"\tLicense Type: {kind}",
            f"\tLicense State: {state}",
            "\tLicense Count: Non-Counted",
            f"\tLicense Priority: {priority}",
        ]
    return "\n".join(out) + "\n"


def show_boot(router: RouterState) -> str:
    systems = [
        c.text.split()[-1] for c in router.running.children if c.text.startswith("boot system")
    ]
    image = ",".join(f"{s},12" for s in systems) or f"{router.flash.fs}{router.model.image},12"
    return (
        f"BOOT variable = {image};\n"
        "CONFIG_FILE variable = \n"
        "BOOTLDR variable does not exist\n"
        "Configuration register is 0x2102\n\n"
    )


def show_file_systems(router: RouterState) -> str:
    flash = router.flash
    prefix = "bootflash: flash:#" if router.model.xe else "flash0: flash:#"
    rows = [
        ("-", "-", "opaque", "rw", "system:"),
        ("-", "-", "opaque", "rw", "tmpsys:"),
        ("-", "-", "opaque", "rw", "null:"),
        ("-", "-", "network", "rw", "tftp:"),
        ("262136", str(262136 - len(router.startup_text)), "nvram", "rw", "nvram:"),
        (str(flash.total), str(flash.free), "disk", "rw", prefix),
        ("-", "-", "opaque", "wo", "syslog:"),
        ("-", "-", "network", "rw", "rcp:"),
        ("-", "-", "network", "rw", "http:"),
        ("-", "-", "network", "rw", "ftp:"),
        ("-", "-", "network", "rw", "scp:"),
        ("-", "-", "network", "rw", "https:"),
    ]
    lines = ["File Systems:", "", "       Size(b)       Free(b)      Type  Flags  Prefixes"]
    for size, free, kind, flags, names in rows:
        mark = "*" if kind == "disk" else " "
        lines.append(f"{mark} {size:>12}  {free:>12}  {kind:>8}  {flags:>5}   {names}")
    return "\n".join(lines) + "\n"
