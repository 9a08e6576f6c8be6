"""Per-router identity and factory configuration: what a freshly racked lab router looks like."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from netauto.lab import type7
from netauto.lab.models import DEFAULT_MODEL, MODELS, Model
from netauto.plugins.credentials import LAB_PASSWORD, LAB_SECRET, LAB_USERNAME

DOMAIN = "lab.netauto.example"
NTP_SERVER = "192.0.2.123"
SYSLOG_SERVER = "192.0.2.50"


def secret_hash(password: str, salt: str = "netautolab") -> str:
    """A type-9 style hash: secrets never sit in the running-config in clear text."""
    digest = hashlib.scrypt(password.encode(), salt=salt.encode(), n=1024, r=8, p=1, dklen=32)
    encoded = base64.b64encode(digest, b"./").decode().rstrip("=")
    return f"$9${salt}${encoded}"


def check_secret(stored: str, password: str) -> bool:
    """True if ``password`` matches a ``secret``/``password`` config value."""
    parts = stored.split()
    if len(parts) == 2 and parts[0] == "9" and parts[1].startswith("$9$"):
        salt = parts[1].split("$")[2]
        return secret_hash(password, salt) == parts[1]
    if len(parts) == 2 and parts[0] == "0":
        return parts[1] == password
    if len(parts) == 2 and parts[0] == "7":
        try:
            return type7.decode(parts[1]) == password
        except ValueError:
            return False
    return len(parts) == 1 and parts[0] == password


def hash_secret_line(text: str) -> str:
    """``username x secret pw`` / ``enable secret 0 pw`` -> the type-9 form IOS stores."""
    found = re.match(r"^(.*\bsecret) (?:0 )?(\S+)$", text)
    if found and not re.search(r"\bsecret [589] ", text):
        return f"{found.group(1)} 9 {secret_hash(found.group(2))}"
    return text


@dataclass(frozen=True)
class Identity:
    """Facts of one router that the running-config does not hold."""

    name: str
    number: int

    @property
    def serial(self) -> str:
        return f"FTX{1500 + self.number % 8500:04d}A{self.number % 1000:03d}"

    def mac(self, index: int) -> str:
        n = self.number
        return f"5254.{(n >> 8) & 0xFF:02x}{n & 0xFF:02x}.{index:04x}"


def router_number(name: str, fallback: int) -> int:
    found = re.search(r"(\d+)$", name)
    return int(found.group(1)) if found else fallback


def default_config(
    name: str, number: int, model: Model | None = None, *, user_mode: bool = False
) -> str:
    """The factory running-config of a lab router (realistic, all interfaces up but a spare)."""
    model = model or MODELS[DEFAULT_MODEL]
    high, low = (number >> 8) & 0xFF, number & 0xFF
    privilege = "" if user_mode else " privilege 15"
    uplink, lan, spare = (model.port(i) for i in range(3))
    # IOS XE on an ISR4k prints `negotiation auto` where IOS 15 prints duplex and speed.
    media = " negotiation auto" if model.xe else " duplex auto\n speed auto"
    vrf, pki, management = "", "", ""
    if model.xe:
        from netauto.lab import xe

        vrf = xe.vrf_block()
        pki = xe.pki_and_license(model.pid, Identity(name, number).serial)
        management = xe.management_interface(number)
    return f"""\
version {model.config_version}
service timestamps debug datetime msec
service timestamps log datetime msec
no service password-encryption
hostname {name}
boot-start-marker
boot-end-marker
{vrf}logging buffered 16384 informational
enable secret 9 {secret_hash(LAB_SECRET)}
no aaa new-model
clock timezone UTC 0 0
ip domain name {DOMAIN}
ip cef
ipv6 unicast-routing
ipv6 cef
{pki}username {LAB_USERNAME}{privilege} secret 9 {secret_hash(LAB_PASSWORD)}
ip scp server enable
ip ssh version 2
archive
 path flash:archive
 write-memory
interface Loopback0
 description router-id
 ip address 10.255.{high}.{low} 255.255.255.255
interface {uplink}
 description uplink to core
 ip address 10.{high}.{low}.1 255.255.255.0
{media}
 ipv6 address 2001:DB8:{number:X}::1/64
interface {lan}
 description LAN {name}
 ip address 172.{16 + high % 16}.{low}.1 255.255.255.0
{media}
interface {spare}
 description spare
 no ip address
 shutdown
{media}
{management}ip forward-protocol nd
no ip http server
no ip http secure-server
logging host {SYSLOG_SERVER}
ntp server {NTP_SERVER}
line con 0
 logging synchronous
line aux 0
line vty 0 4
 login local
 transport input ssh
end
"""
