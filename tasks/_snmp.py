"""Reading routers over SNMPv2c, many at once, in one asyncio loop (helper, not a task).

One GETBULK per router asks for the uptime, CPU and memory pool (non-repeaters) and the
interface table's columns (repeaters); more interfaces than one answer holds are asked for
again from where the answer stopped. pysnmp's v1arch API (community-based SNMP, no USM
engine) is the light one: a dispatcher shared by every request of a round.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

UPTIME = (1, 3, 6, 1, 2, 1, 1, 3)
CPU_5MIN = (1, 3, 6, 1, 4, 1, 9, 9, 109, 1, 1, 1, 1, 8)
POOL_USED = (1, 3, 6, 1, 4, 1, 9, 9, 48, 1, 1, 1, 5)
POOL_FREE = (1, 3, 6, 1, 4, 1, 9, 9, 48, 1, 1, 1, 6)
IF_NUMBER = (1, 3, 6, 1, 2, 1, 2, 1)
SCALARS = (UPTIME, CPU_5MIN, POOL_USED, POOL_FREE, IF_NUMBER)
IF_COLUMNS = {
    "name": (1, 3, 6, 1, 2, 1, 2, 2, 1, 2),
    "oper": (1, 3, 6, 1, 2, 1, 2, 2, 1, 8),
    "in_errors": (1, 3, 6, 1, 2, 1, 2, 2, 1, 14),
    "out_errors": (1, 3, 6, 1, 2, 1, 2, 2, 1, 20),
    "in_octets": (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6),
    "out_octets": (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 10),
}
# Rows asked for in the first GETBULK: a small router's whole interface table in one answer
# (decoding is the poller's main cost, and each row past the table is decoded for nothing);
# ifNumber in the same answer says how many more rows to ask for, at most MAX_REPETITIONS.
FIRST_REPETITIONS = 4
MAX_REPETITIONS = 32
MAX_ROUNDS = 64  # requests per router: 2,000 interfaces at most


@dataclass(frozen=True)
class SnmpTarget:
    host: str
    address: str
    port: int
    community: str


@dataclass
class SnmpReading:
    """What one router answered; ``error`` set when it did not."""

    host: str
    latency_ms: float = 0.0
    uptime_seconds: int | None = None
    cpu_percent: float | None = None
    memory_percent: float | None = None
    interfaces: dict[str, dict[str, Any]] = field(default_factory=dict)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "latency_ms": round(self.latency_ms, 1),
            "uptime_seconds": self.uptime_seconds,
            "cpu_percent": self.cpu_percent,
            "memory_percent": self.memory_percent,
            "interfaces": self.interfaces,
        }


def _under(oid: tuple[int, ...], column: tuple[int, ...]) -> bool:
    return oid[: len(column)] == column and len(oid) > len(column)


def _scalars(reading: SnmpReading, found: Mapping[tuple[int, ...], Any]) -> None:
    values = {column: v for oid, v in found.items() for column in SCALARS if _under(oid, column)}
    if UPTIME in values:
        reading.uptime_seconds = int(values[UPTIME]) // 100
    if CPU_5MIN in values:
        reading.cpu_percent = float(values[CPU_5MIN])
    used, free = values.get(POOL_USED), values.get(POOL_FREE)
    if used is not None and free is not None and int(used) + int(free):
        reading.memory_percent = round(100.0 * int(used) / (int(used) + int(free)), 1)


async def _read(dispatcher: Any, target: SnmpTarget, timeout: float, retries: int) -> SnmpReading:
    from pyasn1.type.univ import Null
    from pysnmp.hlapi.v1arch.asyncio import CommunityData, UdpTransportTarget, bulk_cmd
    from pysnmp.proto.rfc1902 import ObjectName

    reading = SnmpReading(target.host)
    auth = CommunityData(target.community, mpModel=1)
    transport = await UdpTransportTarget.create(
        (target.address, target.port), timeout=timeout, retries=retries
    )
    rows: dict[int, dict[str, Any]] = {}
    cursors = dict(IF_COLUMNS)
    scalars: list[tuple[int, ...]] = list(SCALARS)
    started = time.perf_counter()
    first = True
    repetitions = FIRST_REPETITIONS
    wanted = rounds = 0
    while cursors:
        # Numeric OIDs, no MIB lookup: nothing to load or resolve, the answer is timed alone.
        asked = [(ObjectName(oid), Null("")) for oid in [*scalars, *cursors.values()]]
        error, status, _, answer = await bulk_cmd(
            dispatcher, auth, transport, len(scalars), repetitions, *asked, lookupMib=False
        )
        if first:
            reading.latency_ms = (time.perf_counter() - started) * 1000
            first = False
        if error or status:
            reading.error = str(error or status.prettyPrint())
            return reading
        found = {tuple(item[0]): item[1] for item in answer}
        if scalars:
            _scalars(reading, found)
            wanted = next((int(v) for o, v in found.items() if _under(o, IF_NUMBER)), 0)
        scalars = []
        following: dict[str, tuple[int, ...]] = {}
        fewest = wanted
        for name in cursors:  # cursors: the last row read of each column still going on
            column = IF_COLUMNS[name]
            last = None
            for oid, value in found.items():
                if _under(oid, column):
                    rows.setdefault(oid[-1], {})[name] = value
                    last = oid
            got = sum(1 for values in rows.values() if name in values)
            if last is not None and got < wanted:  # the column goes on: ask from its last row
                following[name] = last
                fewest = min(fewest, got)
        cursors = following
        rounds += 1
        if rounds >= MAX_ROUNDS:  # an agent that never ends a column
            break
        repetitions = min(MAX_REPETITIONS, max(1, wanted - fewest))
    for values in rows.values():
        if "name" not in values:
            continue
        reading.interfaces[str(values["name"])] = {
            "up": int(values.get("oper", 2)) == 1,
            **{k: int(values[k]) for k in IF_COLUMNS if k not in ("name", "oper") and k in values},
        }
    return reading


def _warm_up() -> None:
    """Encode and decode one message: pyasn1 and pysnmp build their codec tables on first use
    (hundreds of ms), which the first router's latency must not include."""
    from pyasn1.codec.ber import decoder, encoder
    from pyasn1.type.univ import Null
    from pysnmp.proto import api

    v2c = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
    pdu = v2c.GetBulkRequestPDU()
    v2c.apiPDU.set_defaults(pdu)
    v2c.apiPDU.set_varbinds(pdu, [(UPTIME, Null(""))])
    message = v2c.Message()
    v2c.apiMessage.set_defaults(message)
    v2c.apiMessage.set_community(message, "warm-up")
    v2c.apiMessage.set_pdu(message, pdu)
    response = v2c.apiMessage.get_response(message)
    v2c.apiPDU.set_varbinds(v2c.apiMessage.get_pdu(response), [(UPTIME, v2c.TimeTicks(1))])
    for each in (message, response):
        decoder.decode(encoder.encode(each), asn1Spec=v2c.Message())


async def read_all(
    targets: Iterable[SnmpTarget],
    *,
    timeout: float = 2.0,
    retries: int = 1,
    concurrency: int = 32,
) -> dict[str, SnmpReading]:
    """Every target read at once; a router that does not answer has ``error`` set."""
    from pysnmp.hlapi.v1arch.asyncio import SnmpDispatcher

    _warm_up()
    dispatcher = SnmpDispatcher()
    chosen = list(targets)
    # Requests in flight at once: enough to hide the round trips, few enough that the answers
    # are not kept waiting behind the loop's work (latency is timed per request).
    slots = asyncio.Semaphore(concurrency)

    async def one(target: SnmpTarget) -> SnmpReading:
        try:
            async with slots:
                return await _read(dispatcher, target, timeout, retries)
        except Exception as exc:  # pysnmp raises for unreachable or bad addresses
            return SnmpReading(target.host, error=str(exc) or type(exc).__name__)

    try:
        readings = await asyncio.gather(*(one(target) for target in chosen))
    finally:
        dispatcher.transport_dispatcher.close_dispatcher()
    return {reading.host: reading for reading in readings}


def read_routers(
    targets: Iterable[SnmpTarget], *, timeout: float = 2.0, retries: int = 1
) -> dict[str, SnmpReading]:
    """:func:`read_all` from synchronous code (its own event loop)."""
    return asyncio.run(read_all(targets, timeout=timeout, retries=retries))
