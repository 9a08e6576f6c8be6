"""The MIB objects a lab router answers over SNMP, built from the same state as its shows.

SNMPv2-MIB system group, IF-MIB ifTable and ifXTable, CISCO-PROCESS-MIB cpmCPUTotalTable,
CISCO-MEMORY-POOL-MIB ciscoMemoryPoolTable and ENTITY-MIB entPhysicalTable (the chassis). The
table is a sorted list of (OID, value) so that GETNEXT and GETBULK are a bisection.
"""

from __future__ import annotations

import time
from typing import Any

from pysnmp.proto import rfc1902

from netauto.lab import figures
from netauto.lab.shows import Iface, interfaces
from netauto.lab.state import RouterState

OID = tuple[int, ...]

SYSTEM = (1, 3, 6, 1, 2, 1, 1)
IF_NUMBER = (1, 3, 6, 1, 2, 1, 2, 1, 0)
IF_ENTRY = (1, 3, 6, 1, 2, 1, 2, 2, 1)
IFX_ENTRY = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1)
ENT_PHYSICAL = (1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1)
CPU_TOTAL = (1, 3, 6, 1, 4, 1, 9, 9, 109, 1, 1, 1, 1)
MEMORY_POOL = (1, 3, 6, 1, 4, 1, 9, 9, 48, 1, 1, 1)
# sysObjectID of each image (CISCO-PRODUCTS-MIB).
PRODUCTS = {"CISCO2911": (1, 3, 6, 1, 4, 1, 9, 1, 1045), "ISR4331": (1, 3, 6, 1, 4, 1, 9, 1, 1861)}
COUNTER32 = 2**32
SHORT = {"GigabitEthernet": "Gi", "Loopback": "Lo", "Tunnel": "Tu", "Null": "Nu"}


def ticks(seconds: float) -> rfc1902.TimeTicks:
    return rfc1902.TimeTicks(int(seconds * 100) % COUNTER32)


def short_name(name: str) -> str:
    for long, short in SHORT.items():
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def descr(router: RouterState) -> str:
    model = router.model
    if model.xe:
        return (
            "Cisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), "
            f"Version {model.version}, RELEASE SOFTWARE (fc3)"
        )
    return (
        f"Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version {model.version}, "
        "RELEASE SOFTWARE (fc2)"
    )


def _system(router: RouterState, now: float) -> list[tuple[OID, Any]]:
    name = router.hostname + (f".{router.domain}" if router.domain else "")
    values: list[Any] = [
        rfc1902.OctetString(descr(router)),
        rfc1902.ObjectName(PRODUCTS.get(router.model.key, PRODUCTS["CISCO2911"])),
        ticks(now - router.boot_time),
        rfc1902.OctetString(router.running.top("snmp-server contact ") or ""),
        rfc1902.OctetString(name),
        rfc1902.OctetString(router.running.top("snmp-server location ") or ""),
        rfc1902.Integer32(78),
    ]
    return [((*SYSTEM, column, 0), value) for column, value in enumerate(values, start=1)]


def _interface(router: RouterState, i: Iface, now: float) -> list[tuple[OID, Any]]:
    up = i.enabled
    moving = figures.counters(router, i.index, up=up and not i.loopback, now=now)
    speed = 8_000_000_000 if i.loopback else 1_000_000_000
    mac = b"" if i.loopback else bytes.fromhex(i.mac.replace(".", ""))
    status = 1 if up else 2
    table: dict[int, Any] = {
        1: rfc1902.Integer32(i.index),
        2: rfc1902.OctetString(i.name),
        3: rfc1902.Integer32(24 if i.loopback else 6),
        4: rfc1902.Integer32(1514 if i.loopback else 1500),
        5: rfc1902.Gauge32(min(speed, COUNTER32 - 1)),
        6: rfc1902.OctetString(mac),
        7: rfc1902.Integer32(status),
        8: rfc1902.Integer32(status),
        9: ticks(0),
        10: rfc1902.Counter32(moving.bytes_in % COUNTER32),
        11: rfc1902.Counter32(moving.packets_in % COUNTER32),
        13: rfc1902.Counter32(0),
        14: rfc1902.Counter32(0),
        16: rfc1902.Counter32(moving.bytes_out % COUNTER32),
        17: rfc1902.Counter32(moving.packets_out % COUNTER32),
        19: rfc1902.Counter32(0),
        20: rfc1902.Counter32(0),
    }
    extended: dict[int, Any] = {
        1: rfc1902.OctetString(short_name(i.name)),
        6: rfc1902.Counter64(moving.bytes_in),
        7: rfc1902.Counter64(moving.packets_in),
        10: rfc1902.Counter64(moving.bytes_out),
        11: rfc1902.Counter64(moving.packets_out),
        15: rfc1902.Gauge32(speed // 1_000_000),
        18: rfc1902.OctetString(i.description or ""),
    }
    return [((*IF_ENTRY, c, i.index), v) for c, v in table.items()] + [
        ((*IFX_ENTRY, c, i.index), v) for c, v in extended.items()
    ]


def _platform(router: RouterState) -> list[tuple[OID, Any]]:
    five_sec, one_min, five_min = figures.CPU
    pool = figures.memory(router)
    pid = router.model.pid
    chassis: dict[int, Any] = {
        2: rfc1902.OctetString(f"{pid.split('/')[0]} chassis"),
        5: rfc1902.Integer32(3),
        7: rfc1902.OctetString("Chassis"),
        11: rfc1902.OctetString(router.identity.serial),
        13: rfc1902.OctetString(pid),
    }
    cpu: dict[int, Any] = {
        2: rfc1902.Integer32(1),
        6: rfc1902.Gauge32(five_sec),
        7: rfc1902.Gauge32(one_min),
        8: rfc1902.Gauge32(five_min),
    }
    memory: dict[int, Any] = {
        2: rfc1902.OctetString("Processor"),
        4: rfc1902.Integer32(1),
        5: rfc1902.Gauge32(pool.used),
        6: rfc1902.Gauge32(pool.free),
    }
    return (
        [((*ENT_PHYSICAL, c, 1), v) for c, v in chassis.items()]
        + [((*MEMORY_POOL, c, 1), v) for c, v in memory.items()]
        + [((*CPU_TOTAL, c, 1), v) for c, v in cpu.items()]
    )


def mib(router: RouterState, now: float | None = None) -> list[tuple[OID, Any]]:
    """Every object the router answers, sorted by OID."""
    now = time.time() if now is None else now
    found = interfaces(router)
    rows = [*_system(router, now), (IF_NUMBER, rfc1902.Integer32(len(found)))]
    for each in found:
        rows += _interface(router, each, now)
    rows += _platform(router)
    rows.sort(key=lambda row: row[0])
    return rows
