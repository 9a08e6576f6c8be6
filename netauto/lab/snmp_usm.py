"""SNMPv3 of the lab: the User-based Security Model for the users a router's config holds.

``snmp-server user NAME GROUP v3 auth sha AUTHPASS priv aes 128 PRIVPASS`` (IOS keeps such
lines out of the running-config; the lab too): authPriv with HMAC-SHA-96 and AES-128-CFB
(RFC 3414, RFC 3826), keys localized to the router's engine ID as RFC 3414 A.2 derives them.
A request without the router's engine ID gets the discovery Report (usmStatsUnknownEngineIDs)
carrying it, its boots and time; an unknown user, another security level or a wrong digest get
the Report a router sends; anything else is answered like SNMPv2c, encrypted.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.hazmat.decrepit.ciphers.modes import CFB  # RFC 3826's mode, not deprecated here
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from pyasn1.codec.ber import decoder, encoder
from pyasn1.error import PyAsn1Error
from pysnmp.proto import api
from pysnmp.proto.mpmod.rfc3412 import ScopedPDU, SNMPv3Message
from pysnmp.proto.secmod.rfc3414.service import UsmSecurityParameters

from netauto.lab.state import RouterState

V2C = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
AUTH, PRIV, REPORTABLE = 0x01, 0x02, 0x04
USM_STATS = (1, 3, 6, 1, 6, 3, 15, 1, 1)
UNSUPPORTED_LEVEL, UNKNOWN_USER, UNKNOWN_ENGINE, WRONG_DIGEST, DECRYPTION_ERROR = 1, 3, 4, 5, 6
PLACEHOLDER = b"\x04\x0c" + b"\x00" * 12  # the authentication parameters before signing


@dataclass(frozen=True)
class User:
    name: str
    auth: str
    priv: str


def users(router: RouterState) -> dict[str, User]:
    """authPriv users: ``snmp-server user NAME GROUP v3 auth sha P priv aes 128 Q``."""
    found = {}
    for line in router.running.children:
        words = line.text.split()
        if words[:2] != ["snmp-server", "user"] or len(words) < 12 or words[4] != "v3":
            continue
        rest = [w.lower() for w in words[5:]]
        if rest[:2] == ["auth", "sha"] and rest[3:6] == ["priv", "aes", "128"]:
            found[words[2]] = User(words[2], words[7], words[11])
    return found


def engine_id(router: RouterState) -> bytes:
    """Cisco's format: enterprise 9, MAC-based, the router's first MAC."""
    return bytes.fromhex("8000000903") + bytes.fromhex(router.identity.mac(0).replace(".", ""))


@lru_cache(maxsize=4096)
def keys(user: User, engine: bytes) -> tuple[bytes, bytes]:
    """(authentication key, privacy key) localized to ``engine`` (the 1 MB SHA expansion is
    why they are cached)."""
    return _localized(user.auth, engine), _localized(user.priv, engine)[:16]


def _localized(password: str, engine: bytes) -> bytes:
    """RFC 3414 A.2.2: SHA-1 over the password repeated to 1 MB, then with the engine ID."""
    word = password.encode()
    expanded = (word * (1_048_576 // len(word) + 1))[:1_048_576]
    ku = hashlib.sha1(expanded).digest()
    return hashlib.sha1(ku + engine + ku).digest()


def _aes(key: bytes, boots: int, clock: int, salt: bytes) -> Cipher[Any]:
    iv = boots.to_bytes(4, "big") + clock.to_bytes(4, "big") + salt
    return Cipher(algorithms.AES(key), CFB(iv))


def _sign(key: bytes, whole: bytes) -> bytes:
    at = whole.index(PLACEHOLDER) + 2
    digest = hmac.new(key, whole, hashlib.sha1).digest()[:12]
    return whole[:at] + digest + whole[at + 12 :]


def _message(
    header: Any, flags: int, security: UsmSecurityParameters, data: Any, *, encrypted: bool
) -> Any:
    message = SNMPv3Message()
    message["msgVersion"] = 3
    global_data = message["msgGlobalData"]
    global_data["msgID"] = header["msgID"]
    global_data["msgMaxSize"] = 65507
    global_data["msgFlags"] = bytes([flags])
    global_data["msgSecurityModel"] = 3
    message["msgSecurityParameters"] = encoder.encode(security)
    message["msgData"]["encryptedPDU" if encrypted else "plaintext"] = data
    return message


def _security(router: RouterState, user: str, salt: bytes = b"") -> UsmSecurityParameters:
    security = UsmSecurityParameters()
    security["msgAuthoritativeEngineId"] = engine_id(router)
    security["msgAuthoritativeEngineBoots"] = 1
    security["msgAuthoritativeEngineTime"] = int(time.time() - router.boot_time) % 2**31
    security["msgUserName"] = user
    security["msgAuthenticationParameters"] = b"\x00" * 12 if salt else b""
    security["msgPrivacyParameters"] = salt
    return security


def _report(router: RouterState, header: Any, request_id: int, counter: int) -> bytes:
    pdu = V2C.ReportPDU()
    V2C.apiPDU.set_defaults(pdu)
    V2C.apiPDU.set_request_id(pdu, request_id)
    V2C.apiPDU.set_varbinds(pdu, [((*USM_STATS, counter, 0), V2C.Counter32(1))])
    scoped = ScopedPDU()
    scoped["contextEngineId"] = engine_id(router)
    scoped["contextName"] = b""
    scoped["data"]["report"] = pdu
    message = _message(header, 0, _security(router, ""), scoped, encrypted=False)
    encoded: bytes = encoder.encode(message)
    return encoded


def respond_v3(
    router: RouterState, data: bytes, answer: Callable[[Any], list[tuple[Any, Any]]]
) -> bytes | None:
    """The encoded answer to one SNMPv3 datagram (a Report or a Response), or None."""
    message, _ = decoder.decode(data, asn1Spec=SNMPv3Message())
    header = message["msgGlobalData"]
    if int(header["msgSecurityModel"]) != 3:
        return None
    flags = bytes(header["msgFlags"].asOctets())[0]
    security, _ = decoder.decode(
        bytes(message["msgSecurityParameters"].asOctets()), asn1Spec=UsmSecurityParameters()
    )
    plain = message["msgData"].getComponent() if not flags & PRIV else None
    request_id = int(V2C.apiPDU.get_request_id(plain["data"].getComponent())) if plain else 0
    engine = engine_id(router)
    if bytes(security["msgAuthoritativeEngineId"].asOctets()) != engine:
        return _report(router, header, request_id, UNKNOWN_ENGINE) if flags & REPORTABLE else None
    user = users(router).get(str(security["msgUserName"]))
    if user is None:
        return _report(router, header, request_id, UNKNOWN_USER)
    if flags & (AUTH | PRIV) != AUTH | PRIV:
        return _report(router, header, request_id, UNSUPPORTED_LEVEL)
    auth_key, priv_key = keys(user, engine)
    sent = bytes(security["msgAuthenticationParameters"].asOctets())
    at = data.find(b"\x04\x0c" + sent)
    if len(sent) != 12 or at < 0:
        return None
    blank = data[: at + 2] + b"\x00" * 12 + data[at + 14 :]
    if not hmac.compare_digest(hmac.new(auth_key, blank, hashlib.sha1).digest()[:12], sent):
        return _report(router, header, request_id, WRONG_DIGEST)
    salt = bytes(security["msgPrivacyParameters"].asOctets())
    boots = int(security["msgAuthoritativeEngineBoots"])
    clock = int(security["msgAuthoritativeEngineTime"])
    decryptor = _aes(priv_key, boots, clock, salt).decryptor()
    clear = decryptor.update(bytes(message["msgData"]["encryptedPDU"].asOctets()))
    try:
        scoped, _ = decoder.decode(clear + decryptor.finalize(), asn1Spec=ScopedPDU())
    except PyAsn1Error:  # another privacy password: the clear text is noise
        return _report(router, header, request_id, DECRYPTION_ERROR)
    pdu = scoped["data"].getComponent()
    response = V2C.ResponsePDU()
    V2C.apiPDU.set_defaults(response)
    V2C.apiPDU.set_request_id(response, V2C.apiPDU.get_request_id(pdu))
    V2C.apiPDU.set_varbinds(response, answer(pdu))
    reply = ScopedPDU()
    reply["contextEngineId"] = engine
    reply["contextName"] = scoped["contextName"]
    reply["data"]["response"] = response
    own = _security(router, user.name, os.urandom(8))
    encryptor = _aes(
        priv_key,
        int(own["msgAuthoritativeEngineBoots"]),
        int(own["msgAuthoritativeEngineTime"]),
        bytes(own["msgPrivacyParameters"].asOctets()),
    ).encryptor()
    secret = encryptor.update(encoder.encode(reply)) + encryptor.finalize()
    out = _message(header, AUTH | PRIV, own, secret, encrypted=True)
    return _sign(auth_key, encoder.encode(out))
