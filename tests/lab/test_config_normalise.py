"""Issue 29, class 2: lines are stored as IOS stores them (keyword case, defaults it writes,
type-7 passwords under ``service password-encryption``, ACL entry forms), IOS refuses what it
refuses (overlapping addresses), and each image prints what it prints (ACL sequence numbers
and name servers on IOS XE, ``ip virtual-reassembly`` on IOS 15)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from netmiko import ConnectHandler

from netauto.lab import start_fleet, type7
from netauto.secrets import mask

from .config_cases import Case, Step, Target, run_case

ENCRYPTED = "[01][0-9][0-9A-F]+"
LAN = "interface {lan}"


def _acl_entries(model: str) -> Case:
    """Entries typed in several forms, stored in IOS's: with sequence numbers on IOS XE."""
    xe = model == "ISR4331"
    typed = [
        " permit tcp 10.1.1.5 0.0.0.255 host 10.1.1.1 eq 80",
        " permit udp any 0.0.0.0 255.255.255.255 eq 53 123",
        " deny ip 10.9.9.9 0.0.0.0 any log",
        " permit 6 any any eq 443",
        " permit tcp any any range 1 1023",
        " remark web servers",
    ]
    stored = [
        "permit tcp 10.1.1.0 0.0.0.255 host 10.1.1.1 eq www",
        "permit udp any any eq domain ntp",
        "deny   ip host 10.9.9.9 any log",
        "permit tcp any any eq 443",
        "permit tcp any any range 1 1023",
        "remark web servers",
    ]
    standard = ["permit 10.2.2.2", "deny   10.3.0.0 0.0.255.255", "permit any"]

    def numbered(lines: list[str]) -> list[str]:
        return [f" {10 * (i + 1)} {x}" if xe else f" {x}" for i, x in enumerate(lines)]

    return Case(
        f"ACL entries as IOS stores them ({'IOS XE' if xe else 'IOS 15'})",
        (
            Step(
                (
                    "ip access-list extended EXT",
                    *typed,
                    "ip access-list standard STD",
                    " permit host 10.2.2.2",
                    " deny 10.3.4.5 0.0.255.255",
                    " permit 0.0.0.0 255.255.255.255",
                    "access-list 7 deny host 10.4.4.4",
                    "access-list 107 permit tcp host 10.5.5.5 any eq 23",
                ),
                text=(
                    "\n".join(["ip access-list standard STD", *numbered(standard)]),
                    "\n".join(["ip access-list extended EXT", *numbered(stored)]),
                    "access-list 7 deny   10.4.4.4",
                    "access-list 107 permit tcp host 10.5.5.5 any eq telnet",
                ),
            ),
        ),
        (model,),
    )


CASES: list[Case] = [
    Case(
        "SNMP community access in upper case, RO by default",
        (
            Step(
                (
                    "snmp-server community lab-ro ro 10",
                    "snmp-server community lab-rw rw",
                    "snmp-server community lab-def",
                ),
                present=(
                    "snmp-server community lab-ro RO 10",
                    "snmp-server community lab-rw RW",
                    "snmp-server community lab-def RO",
                ),
                absent=("snmp-server community lab-ro ro 10",),
            ),
        ),
    ),
    Case(
        "keywords and abbreviations stored as IOS prints them",
        (
            Step(
                (
                    "int {lan}.100",
                    " encapsulation dot1q 100",
                    " ip add 10.100.{n}.1 255.255.255.0",
                    "logg 192.0.2.80",
                    "ip domain-name corp.example",
                    "ip domain-lookup",
                ),
                present=(
                    "interface {lan}.100\n encapsulation dot1Q 100",
                    "interface {lan}.100\n ip address 10.100.{n}.1 255.255.255.0",
                    "logging host 192.0.2.80",
                    "ip domain name corp.example",
                ),
                absent=("ip domain-name corp.example", "no ip domain lookup"),
            ),
        ),
    ),
    Case(
        "service password-encryption turns type 0 into type 7, and stays",
        (
            Step(
                (
                    "username pw1 password 0 s3cret",
                    "enable password en4ble",
                    "line vty 0 4",
                    " password l1ne",
                ),
                present=(
                    "username pw1 password 0 s3cret",
                    "enable password en4ble",
                    "line vty 0 4\n password l1ne",
                    "no service password-encryption",
                ),
            ),
            Step(
                ("service password-encryption",),
                present=(
                    "service password-encryption",
                    f"re:username pw1 password 7 {ENCRYPTED}",
                    f"re:enable password 7 {ENCRYPTED}",
                    f"line vty 0 4\n re:password 7 {ENCRYPTED}",
                ),
                absent=("username pw1 password 0 s3cret", "enable password en4ble"),
            ),
            Step(
                ("username pw2 password k3y2",),
                present=(f"re:username pw2 password 7 {ENCRYPTED}",),
            ),
            Step(
                ("no service password-encryption", "username pw3 password 0 k3y3"),
                present=(
                    "no service password-encryption",
                    f"re:username pw1 password 7 {ENCRYPTED}",
                    "username pw3 password 0 k3y3",
                ),
            ),
        ),
    ),
    Case(
        "NTP authentication keys are stored type 7",
        (
            Step(
                ("ntp authentication-key 1 md5 ntpk3y",),
                present=(f"re:ntp authentication-key 1 md5 {ENCRYPTED} 7",),
            ),
        ),
    ),
    Case(
        "an address overlapping another interface's subnet is refused",
        (
            Step(
                ("interface Loopback61", " ip address 10.0.{n}.9 255.255.255.255"),
                output=(
                    "% 10.0.{n}.9 overlaps with {uplink}\n"
                    "Loopback61: incorrect IP address assignment",
                ),
                present=("interface Loopback61\n no ip address",),
            ),
            Step(
                ("interface {spare}", " no shutdown", " ip address 172.16.{n}.200 255.255.255.0"),
                output=("% 172.16.{n}.0 overlaps with {lan}",),
                absent=("interface {spare}\n ip address 172.16.{n}.200 255.255.255.0",),
            ),
        ),
    ),
    Case(
        "a subinterface needs its encapsulation before an address",
        (
            Step(
                ("interface {lan}.200", " ip address 10.200.{n}.1 255.255.255.0"),
                output=(
                    "% Configuring IP routing on a LAN subinterface is only allowed if that",
                    "or ISL vLAN.",
                ),
                present=("interface {lan}.200\n no ip address",),
            ),
            Step(
                (
                    "interface {lan}.200",
                    " encapsulation dot1Q 200",
                    " ip address 10.200.{n}.1 255.255.255.0",
                ),
                text=(
                    "interface {lan}.200\n encapsulation dot1Q 200\n"
                    " ip address 10.200.{n}.1 255.255.255.0",
                ),
            ),
        ),
    ),
    Case(
        "a network or broadcast address is a bad mask",
        (
            Step(
                ("interface Loopback63", " ip address 10.63.0.0 255.255.255.0"),
                output=("Bad mask /24 for address 10.63.0.0",),
            ),
        ),
    ),
    Case(
        "a new interface shows no ip address; lines in IOS's order",
        (
            Step(
                (
                    "interface Loopback62",
                    "interface {spare}",
                    " ipv6 address 2001:DB8:62::1/64",
                    " mtu 1400",
                    " ip address 10.62.{n}.1 255.255.255.0",
                    " description moved",
                ),
                present=("interface Loopback62\n no ip address",),
                order=(
                    "interface {spare}",
                    " description moved",
                    " mtu 1400",
                    " ip address 10.62.{n}.1 255.255.255.0",
                    " shutdown",
                    " ipv6 address 2001:DB8:62::1/64",
                ),
            ),
        ),
    ),
    Case(
        "IOS 15 turns on virtual reassembly with NAT",
        (
            Step(
                (LAN, " ip nat inside"),
                text=(" ip nat inside\n ip virtual-reassembly in",),
            ),
            Step((LAN, " no ip nat inside"), absent=(f"{LAN}\n ip virtual-reassembly in",)),
        ),
        ("CISCO2911",),
    ),
    Case(
        "IOS XE does not add virtual reassembly",
        (Step((LAN, " ip nat inside"), absent=(f"{LAN}\n ip virtual-reassembly in",)),),
        ("ISR4331",),
    ),
    Case(
        "name servers: one line each on IOS 15",
        (
            Step(
                ("ip name-server 192.0.2.53 192.0.2.54",),
                text=("ip name-server 192.0.2.53\nip name-server 192.0.2.54",),
            ),
            Step(("no ip name-server 192.0.2.53",), present=("ip name-server 192.0.2.54",)),
        ),
        ("CISCO2911",),
    ),
    Case(
        "name servers: one line on IOS XE",
        (
            Step(
                ("ip name-server 192.0.2.53", "ip name-server 192.0.2.54"),
                present=("ip name-server 192.0.2.53 192.0.2.54",),
            ),
            Step(("no ip name-server 192.0.2.53",), present=("ip name-server 192.0.2.54",)),
        ),
        ("ISR4331",),
    ),
    Case(
        "a port keeps speed auto and duplex auto (IOS 15)",
        (
            Step(
                (LAN, " speed 100", " duplex full"), present=(f"{LAN}\n speed 100\n duplex full",)
            ),
            Step(
                (LAN, " no speed 100", " no duplex"), present=(f"{LAN}\n speed auto\n duplex auto",)
            ),
        ),
        ("CISCO2911",),
    ),
    Case(
        "no negotiation auto is printed (IOS XE)",
        (
            Step((LAN, " no negotiation auto"), present=(f"{LAN}\n no negotiation auto",)),
            Step(
                (LAN, " negotiation auto"),
                present=(f"{LAN}\n negotiation auto",),
                absent=(f"{LAN}\n no negotiation auto",),
            ),
        ),
        ("ISR4331",),
    ),
    Case(
        "no logging trap is printed, logging trap restores the default",
        (
            Step(("logging trap warnings",), present=("logging trap warnings",)),
            Step(("no logging trap warnings",), present=("no logging trap",)),
            Step(("logging trap",), absent=("no logging trap", "re:logging trap.*")),
        ),
    ),
    _acl_entries("CISCO2911"),
    _acl_entries("ISR4331"),
]


@pytest.fixture(scope="module")
def targets() -> Iterator[dict[str, Target]]:
    with start_fleet(count=2, models="R16=ISR4331") as fleet:
        found = {
            "CISCO2911": Target(fleet, "R15", "CISCO2911"),
            "ISR4331": Target(fleet, "R16", "ISR4331"),
        }
        yield found
        for target in found.values():
            target.close()


@pytest.mark.parametrize(
    ("model", "case"),
    [pytest.param(model, case, id=f"{model}-{case.id}") for case in CASES for model in case.models],
)
def test_stored_as_ios_stores_it(targets: dict[str, Target], model: str, case: Case) -> None:
    assert run_case(targets[model], case) == []


@pytest.mark.parametrize("model", ["CISCO2911", "ISR4331"])
def test_type7_passwords_decode_and_still_log_in(targets: dict[str, Target], model: str) -> None:
    target = targets[model]
    target.fleet.reset(target.name)
    conn = target.connect()
    conn.send_config_set(
        ["username pw1 privilege 15 password 0 s3cret", "service password-encryption"]
    )
    running = conn.send_command("show running-config")
    (encoded,) = re.findall(r"^username pw1 privilege 15 password 7 (\S+)$", running, re.M)
    assert type7.decode(encoded) == "s3cret"
    with ConnectHandler(
        device_type="cisco_ios",
        host=target.fleet.address(target.name),
        port=target.fleet.port,
        username="pw1",
        password="s3cret",
        fast_cli=True,
    ) as other:
        assert other.find_prompt().endswith("#")
    assert "s3cret" not in running and encoded not in mask(running)


def test_type7_known_vectors() -> None:
    assert type7.decode("0822455D0A16") == "cisco"
    assert type7.encode("cisco", seed=2) == "02050D480809"
    assert type7.decode(type7.encode("any pass phrase")) == "any pass phrase"
