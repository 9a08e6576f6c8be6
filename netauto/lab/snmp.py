"""The SNMP side of the lab: one asyncio UDP endpoint per router, in the fleet's event loop.

Each router answers SNMPv2c GET, GETNEXT and GETBULK on its own loopback address and the lab's
SNMP port, for the communities its running-config holds (``snmp-server community X RO``); a
router without one, or a request with a wrong community, gets no answer, as on IOS. SNMPv3
(USM authPriv, SHA and AES-128) for its ``snmp-server user`` lines: :mod:`netauto.lab.snmp_usm`.
Messages are decoded and encoded with pysnmp's protocol modules (``pysnmp.proto.api``) and
answered from :func:`netauto.lab.snmp_mib.mib`: a full pysnmp ``SnmpEngine`` per router (MIB
builder, message dispatcher, its own transport) would cost megabytes and start-up time per
router, while the codec alone keeps a thousand routers in one process cheap.

Faults apply: ``down`` closes the endpoint, ``latency`` delays each answer, ``hang`` or a
``drop`` pattern matching ``snmp`` leaves requests unanswered, a reloading router is silent.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import re
from typing import Any

from pyasn1.codec.ber import decoder, encoder
from pyasn1.error import PyAsn1Error
from pysnmp.proto import api

from netauto.exceptions import LabError
from netauto.lab.snmp_mib import OID, mib
from netauto.lab.state import RouterState

log = logging.getLogger(__name__)
V2C = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
MAX_BULK = 256  # varbinds in one GETBULK answer, whatever max-repetitions asks


def communities(router: RouterState) -> set[str]:
    """The read communities of ``snmp-server community NAME [view V] [RO|RW] [acl]``."""
    found = set()
    for line in router.running.children:
        words = line.text.split()
        if words[:2] == ["snmp-server", "community"] and len(words) >= 3:
            found.add(words[2])
    return found


def silent(router: RouterState) -> bool:
    """Whether the router's faults leave SNMP requests unanswered."""
    faults = router.faults
    if faults.down or faults.hang or router.reloading:
        return True
    return bool(faults.drop and re.search(faults.drop, "snmp"))


class Responder:
    """Answers one decoded v2c request from a router's MIB."""

    def __init__(self, table: list[tuple[OID, Any]]) -> None:
        self.table = table
        self.oids = [oid for oid, _ in table]

    def exact(self, oid: OID) -> Any:
        at = bisect.bisect_left(self.oids, oid)
        if at < len(self.oids) and self.oids[at] == oid:
            return self.table[at][1]
        column = oid[:-1]
        known = any(o[: len(column)] == column for o in self.oids)
        return V2C.NoSuchInstance("") if known else V2C.NoSuchObject("")

    def following(self, oid: OID) -> tuple[OID, Any]:
        at = bisect.bisect_right(self.oids, oid)
        if at < len(self.oids):
            return self.table[at]
        return oid, V2C.EndOfMibView("")

    def answer(self, pdu: Any) -> list[tuple[Any, Any]]:
        asked = [tuple(oid) for oid, _ in V2C.apiPDU.get_varbinds(pdu)]
        if pdu.isSameTypeWith(V2C.GetRequestPDU()):
            return [(oid, self.exact(oid)) for oid in asked]
        if pdu.isSameTypeWith(V2C.GetNextRequestPDU()):
            return [self.following(oid) for oid in asked]
        non_repeaters = min(int(V2C.apiBulkPDU.get_non_repeaters(pdu)), len(asked))
        repetitions = max(0, int(V2C.apiBulkPDU.get_max_repetitions(pdu)))
        out = [self.following(oid) for oid in asked[:non_repeaters]]
        cursors = asked[non_repeaters:]
        for _ in range(repetitions):
            if not cursors or len(out) + len(cursors) > MAX_BULK:
                break
            row = [self.following(oid) for oid in cursors]
            out += row
            # Past the end for every column: net-snmp stops there, so the answer stops too.
            if all(isinstance(value, V2C.EndOfMibView) for _, value in row):
                break
            cursors = [oid for oid, _ in row]
        return out


def respond(router: RouterState, data: bytes) -> bytes | None:
    """The encoded answer to one datagram, or None when the router stays silent."""
    try:
        version = int(api.decodeMessageVersion(data))
        if version == 3:
            from netauto.lab.snmp_usm import respond_v3

            return respond_v3(router, data, Responder(mib(router)).answer)
        if version != api.SNMP_VERSION_2C:
            return None
        message, _ = decoder.decode(data, asn1Spec=V2C.Message())
    except PyAsn1Error:
        return None
    community = str(V2C.apiMessage.get_community(message))
    if community not in communities(router):
        return None
    pdu = V2C.apiMessage.get_pdu(message)
    kinds = (V2C.GetRequestPDU(), V2C.GetNextRequestPDU(), V2C.GetBulkRequestPDU())
    if not any(pdu.isSameTypeWith(kind) for kind in kinds):
        return None
    reply = V2C.apiMessage.get_response(message)
    reply_pdu = V2C.apiMessage.get_pdu(reply)
    V2C.apiPDU.set_varbinds(reply_pdu, Responder(mib(router)).answer(pdu))
    encoded: bytes = encoder.encode(reply)
    return encoded


class RouterSNMP(asyncio.DatagramProtocol):
    def __init__(self, router: RouterState) -> None:
        self.router = router
        self.transport: asyncio.DatagramTransport | None = None
        self.requests = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        if silent(self.router):
            return
        self.requests += 1
        try:
            answer = respond(self.router, data)
        except Exception:  # a malformed request must never stop the router's endpoint
            log.exception("lab snmp: %s: cannot answer", self.router.name)
            return
        if answer is None or self.transport is None:
            return
        latency = self.router.faults.latency
        if latency > 0:
            asyncio.get_running_loop().call_later(latency, self._send, answer, addr)
        else:
            self.transport.sendto(answer, addr)

    def _send(self, answer: bytes, addr: tuple[str | Any, int]) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.sendto(answer, addr)


class SnmpEndpoint:
    """One router's UDP endpoint, opened and closed with its SSH listener."""

    def __init__(self, router: RouterState, address: str, port: int) -> None:
        self.router = router
        self.address = address
        self.port = port
        self.transport: asyncio.DatagramTransport | None = None

    async def start(self) -> None:
        if self.transport is not None:
            return
        loop = asyncio.get_running_loop()
        try:
            self.transport, _ = await loop.create_datagram_endpoint(
                lambda: RouterSNMP(self.router), local_addr=(self.address, self.port)
            )
        except OSError as exc:
            raise LabError(
                f"{self.router.name}: cannot listen for SNMP on {self.address}:{self.port} "
                f"(udp): {exc.strerror or exc}"
            ) from None

    def stop(self) -> None:
        transport, self.transport = self.transport, None
        if transport is not None:
            transport.close()
