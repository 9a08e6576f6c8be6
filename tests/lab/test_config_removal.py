"""Issue 29, class 1: ``no`` forms remove what they name, whatever attributes they carry, on
every object the lab can create; ACL entries keep their sequence numbers; ``default
interface`` resets an interface. Driven by netmiko on a CISCO2911 and an ISR4331."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from netauto.lab import start_fleet

from .config_cases import Case, Step, Target, removal, run_case

IF = "interface {spare}"

# (line typed under the spare interface, its no form); the line is stored as typed.
INTERFACE_LINES = [
    ("description to nowhere", "no description to nowhere"),
    ("mtu 1400", "no mtu 1400"),
    ("bandwidth 5000", "no bandwidth 5000"),
    ("ip access-group 10 in", "no ip access-group 10 in"),
    ("ip helper-address 192.0.2.67", "no ip helper-address 192.0.2.67"),
    ("ip mtu 1400", "no ip mtu 1400"),
    ("ip ospf cost 50", "no ip ospf cost 50"),
    ("load-interval 30", "no load-interval 30"),
    ("ipv6 address 2001:DB8:77::1/64", "no ipv6 address 2001:DB8:77::1/64"),
    ("ipv6 enable", "no ipv6 enable"),
    ("ipv6 traffic-filter V6 in", "no ipv6 traffic-filter V6 in"),
    ("ip tcp adjust-mss 1360", "no ip tcp adjust-mss 1360"),
    ("keepalive 10", "no keepalive 10"),
    ("standby 1 ip 172.19.0.254", "no standby 1 ip 172.19.0.254"),
    ("ip nat outside", "no ip nat outside"),
    ("vrf forwarding V1", "no vrf forwarding V1"),
]

# (global lines creating an object, running-config lines it shows, its no form).
GLOBAL_OBJECTS: list[tuple[str, list[str], list[str], list[str]]] = [
    (
        "static route with distance, tag and name",
        ["ip route 10.50.0.0 255.255.0.0 {peer} 200 tag 50 name X"],
        ["ip route 10.50.0.0 255.255.0.0 {peer} 200 tag 50 name X"],
        ["no ip route 10.50.0.0 255.255.0.0 {peer} 200 tag 50 name X"],
    ),
    (
        "static route through an interface and a next hop",
        ["ip route 10.54.0.0 255.255.0.0 {lan} 172.16.{n}.9 250 tag 7"],
        ["ip route 10.54.0.0 255.255.0.0 {lan} 172.16.{n}.9 250 tag 7"],
        ["no ip route 10.54.0.0 255.255.0.0 {lan} 172.16.{n}.9 250 tag 7"],
    ),
    (
        "VRF static route",
        [
            "vrf definition V1",
            " address-family ipv4",
            "ip route vrf V1 10.53.0.0 255.255.0.0 192.0.2.1 tag 5",
        ],
        ["ip route vrf V1 10.53.0.0 255.255.0.0 192.0.2.1 tag 5"],
        ["no ip route vrf V1 10.53.0.0 255.255.0.0 192.0.2.1 tag 5"],
    ),
    (
        "IPv6 static route",
        ["ipv6 route 2001:DB8:50::/48 2001:DB8:F::2 200"],
        ["ipv6 route 2001:DB8:50::/48 2001:DB8:F::2 200"],
        ["no ipv6 route 2001:DB8:50::/48 2001:DB8:F::2 200"],
    ),
    (
        "loopback",
        ["interface Loopback50", " ip address 10.50.50.1 255.255.255.255"],
        ["interface Loopback50"],
        ["no interface Loopback50"],
    ),
    (
        "dot1Q subinterface",
        ["interface {lan}.100", " encapsulation dot1Q 100", " ip address 10.100.0.1 255.255.255.0"],
        ["interface {lan}.100"],
        ["no interface {lan}.100"],
    ),
    (
        "tunnel",
        ["interface Tunnel5", " tunnel source {uplink}", " tunnel destination 203.0.113.2"],
        ["interface Tunnel5"],
        ["no interface Tunnel5"],
    ),
    (
        "user with privilege and secret",
        ["username ops privilege 5 secret opspw"],
        ["re:username ops privilege 5 secret 9 .*"],
        ["no username ops privilege 5 secret opspw"],
    ),
    (
        "user with a clear password",
        ["username ops2 password 0 opspw"],
        ["username ops2 password 0 opspw"],
        ["no username ops2 password 0 opspw"],
    ),
    (
        "banner",
        ["banner login #authorised only#"],
        ["banner login ^Cauthorised only^C"],
        ["no banner login"],
    ),
    (
        "logging host with transport",
        ["logging host 192.0.2.77 transport udp port 1514"],
        ["logging host 192.0.2.77 transport udp port 1514"],
        ["no logging host 192.0.2.77 transport udp port 1514"],
    ),
    (
        "logging host in the short form",
        ["logging 192.0.2.78"],
        ["logging host 192.0.2.78"],
        ["no logging 192.0.2.78"],
    ),
    (
        "logging settings",
        [
            "logging trap warnings",
            "logging source-interface Loopback0",
            "logging origin-id hostname",
        ],
        [
            "logging trap warnings",
            "logging source-interface Loopback0",
            "logging origin-id hostname",
        ],
        [
            "no logging trap warnings",
            "no logging source-interface Loopback0",
            "no logging origin-id hostname",
        ],
    ),
    (
        "NTP server with options",
        ["ntp server 192.0.2.126 prefer"],
        ["ntp server 192.0.2.126 prefer"],
        ["no ntp server 192.0.2.126 prefer"],
    ),
    (
        "NTP peer and source",
        ["ntp peer 192.0.2.127", "ntp source Loopback0"],
        ["ntp peer 192.0.2.127", "ntp source Loopback0"],
        ["no ntp peer 192.0.2.127", "no ntp source Loopback0"],
    ),
    (
        "SNMP community with ACL",
        ["snmp-server community lab-ro RO 10"],
        ["snmp-server community lab-ro RO 10"],
        ["no snmp-server community lab-ro RO 10"],
    ),
    (
        "SNMP trap host",
        ["snmp-server host 192.0.2.61 version 2c lab-trap"],
        ["snmp-server host 192.0.2.61 version 2c lab-trap"],
        ["no snmp-server host 192.0.2.61 version 2c lab-trap"],
    ),
    (
        "SNMP trap host named by its community only",
        ["snmp-server host 192.0.2.62 version 2c lab-trap"],
        ["snmp-server host 192.0.2.62 version 2c lab-trap"],
        ["no snmp-server host 192.0.2.62 lab-trap"],
    ),
    (
        "SNMP location, contact, group, view, traps",
        [
            "snmp-server location rack 9",
            "snmp-server contact noc",
            "snmp-server group G2 v3 priv",
            "snmp-server view V1 iso included",
            "snmp-server enable traps snmp linkdown linkup",
        ],
        [
            "snmp-server location rack 9",
            "snmp-server contact noc",
            "snmp-server group G2 v3 priv",
            "snmp-server view V1 iso included",
            "snmp-server enable traps snmp linkdown linkup",
        ],
        [
            "no snmp-server location rack 9",
            "no snmp-server contact noc",
            "no snmp-server group G2 v3 priv",
            "no snmp-server view V1 iso included",
            "no snmp-server enable traps snmp linkdown linkup",
        ],
    ),
    (
        "numbered ACL (one entry's no form removes the list)",
        ["access-list 55 permit 10.0.0.0 0.255.255.255", "access-list 55 deny any"],
        ["access-list 55 permit 10.0.0.0 0.255.255.255", "access-list 55 deny   any"],
        ["no access-list 55 deny any"],
    ),
    (
        "named ACL",
        ["ip access-list extended X", " permit ip any any"],
        ["ip access-list extended X"],
        ["no ip access-list extended X"],
    ),
    (
        "prefix-list entry with its attributes",
        ["ip prefix-list PL seq 5 permit 10.0.0.0/8 le 24"],
        ["ip prefix-list PL seq 5 permit 10.0.0.0/8 le 24"],
        ["no ip prefix-list PL seq 5 permit 10.0.0.0/8 le 24"],
    ),
    (
        "prefix-list by name",
        [
            "ip prefix-list PL seq 5 permit 10.0.0.0/8",
            "ip prefix-list PL seq 10 deny 0.0.0.0/0 le 32",
        ],
        [
            "ip prefix-list PL seq 5 permit 10.0.0.0/8",
            "ip prefix-list PL seq 10 deny 0.0.0.0/0 le 32",
        ],
        ["no ip prefix-list PL"],
    ),
    (
        "route-map by name",
        ["route-map RM permit 10", " set local-preference 200", "route-map RM deny 20"],
        ["route-map RM permit 10", "route-map RM deny 20"],
        ["no route-map RM"],
    ),
    (
        "OSPF process",
        ["router ospf 5", " network 10.0.0.0 0.255.255.255 area 0"],
        ["router ospf 5"],
        ["no router ospf 5"],
    ),
    (
        "BGP process",
        ["router bgp 65015", " neighbor {peer} remote-as 65000"],
        ["router bgp 65015"],
        ["no router bgp 65015"],
    ),
    (
        "EIGRP process",
        ["router eigrp 10", " network 10.0.0.0"],
        ["router eigrp 10"],
        ["no router eigrp 10"],
    ),
    (
        "VRF",
        ["vrf definition V1", " rd 65000:9", " address-family ipv4"],
        ["vrf definition V1"],
        ["no vrf definition V1"],
    ),
    (
        "domain name, lookup and name server",
        ["ip domain name x.example", "ip name-server 192.0.2.53", "no ip domain lookup"],
        ["ip domain name x.example", "ip name-server 192.0.2.53", "no ip domain lookup"],
        ["no ip domain name x.example", "no ip name-server 192.0.2.53", "ip domain lookup"],
    ),
    (
        "enable password, SSH and HTTP settings",
        [
            "enable password 0 en4ble",
            "ip ssh time-out 60",
            "ip http server",
            "lacp system-priority 9",
        ],
        [
            "enable password en4ble",
            "ip ssh time-out 60",
            "ip http server",
            "lacp system-priority 9",
        ],
        [
            "no enable password en4ble",
            "no ip ssh time-out 60",
            "no ip http server",
            "no lacp system-priority 9",
        ],
    ),
    (
        "LLDP and CDP",
        ["lldp run"],
        ["lldp run"],
        ["no lldp run"],
    ),
]

CASES: list[Case] = [
    *(
        removal(
            f"interface {line.split()[0]} {line.split()[1]}",
            ["vrf definition V1", " address-family ipv4", IF, f" {line}"],
            [f"{IF}\n {line}"],
            [IF, f" {no}"],
        )
        for line, no in INTERFACE_LINES
    ),
    *(removal(name, create, shown, remove) for name, create, shown, remove in GLOBAL_OBJECTS),
    removal(
        "static routes by prefix only",
        ["ip route 10.51.0.0 255.255.0.0 {peer}", "ip route 10.51.0.0 255.255.0.0 Null0 250"],
        ["ip route 10.51.0.0 255.255.0.0 {peer}", "ip route 10.51.0.0 255.255.0.0 Null0 250"],
        ["no ip route 10.51.0.0 255.255.0.0"],
    ),
    removal(
        "one next hop of a prefix",
        ["ip route 10.52.0.0 255.255.0.0 {peer}", "ip route 10.52.0.0 255.255.0.0 Null0 250"],
        ["ip route 10.52.0.0 255.255.0.0 {peer}"],
        ["no ip route 10.52.0.0 255.255.0.0 {peer}"],
        stays=["ip route 10.52.0.0 255.255.0.0 Null0 250"],
    ),
    removal(
        "secondary address",
        [
            IF,
            " ip address 10.60.0.1 255.255.255.0",
            " ip address 10.61.0.1 255.255.255.0 secondary",
        ],
        [f"{IF}\n ip address 10.61.0.1 255.255.255.0 secondary"],
        [IF, " no ip address 10.61.0.1 255.255.255.0 secondary"],
        stays=[f"{IF}\n ip address 10.60.0.1 255.255.255.0"],
    ),
    Case(
        "primary address after its secondaries",
        (
            Step(
                (
                    IF,
                    " ip address 10.60.0.1 255.255.255.0",
                    " ip address 10.61.0.1 255.255.255.0 sec",
                ),
            ),
            Step(
                (IF, " no ip address 10.60.0.1 255.255.255.0"),
                present=(f"{IF}\n ip address 10.60.0.1 255.255.255.0",),
                output=("Must delete secondary before deleting primary",),
            ),
            Step(
                (
                    IF,
                    " no ip address 10.61.0.1 255.255.255.0 secondary",
                    " no ip address 10.60.0.1 255.255.255.0",
                ),
                present=(f"{IF}\n no ip address",),
                absent=(f"{IF}\n re:ip address .*",),
            ),
        ),
    ),
    removal(
        "ACL entry by its text",
        [
            "ip access-list extended X",
            " permit tcp any host 10.1.1.1 eq 443",
            " deny ip any any log",
        ],
        ["ip access-list extended X\n re:(10 )?permit tcp any host 10.1.1.1 eq 443"],
        ["ip access-list extended X", " no permit tcp any host 10.1.1.1 eq 443"],
        stays=["ip access-list extended X\n re:(20 )?deny   ip any any log"],
    ),
    removal(
        "ACL entry by its sequence number",
        ["ip access-list standard S", " permit 10.1.0.0 0.0.255.255", " deny any"],
        ["ip access-list standard S\n re:(20 )?deny   any"],
        ["ip access-list standard S", " no 20"],
        stays=["ip access-list standard S\n re:(10 )?permit 10.1.0.0 0.0.255.255"],
    ),
    removal(
        "route-map entry with its action and sequence",
        ["route-map RM permit 10", " set local-preference 200", "route-map RM deny 20"],
        ["route-map RM permit 10"],
        ["no route-map RM permit 10"],
        stays=["route-map RM deny 20"],
    ),
    removal(
        "route-map match line",
        ["route-map RM permit 10", " match ip address 10", " set metric 5"],
        ["route-map RM permit 10\n match ip address 10"],
        ["route-map RM permit 10", " no match ip address 10"],
        stays=["route-map RM permit 10\n set metric 5"],
    ),
    removal(
        "OSPF network statement",
        ["router ospf 5", " network 10.0.0.0 0.255.255.255 area 0", " passive-interface {lan}"],
        [
            "router ospf 5\n network 10.0.0.0 0.255.255.255 area 0",
            "router ospf 5\n passive-interface {lan}",
        ],
        [
            "router ospf 5",
            " no network 10.0.0.0 0.255.255.255 area 0",
            " no passive-interface {lan}",
        ],
    ),
    removal(
        "BGP neighbor by its remote-as line",
        [
            "router bgp 65015",
            " neighbor {peer} remote-as 65000",
            " neighbor {peer} description core",
        ],
        [
            "router bgp 65015\n neighbor {peer} remote-as 65000",
            "router bgp 65015\n neighbor {peer} description core",
        ],
        ["router bgp 65015", " no neighbor {peer} remote-as 65000"],
    ),
    removal(
        "line settings",
        [
            "line vty 0 4",
            " exec-timeout 5 0",
            " session-timeout 10",
            " access-class 10 in",
            " password l1ne",
        ],
        [
            "line vty 0 4\n exec-timeout 5 0",
            "line vty 0 4\n session-timeout 10",
            "line vty 0 4\n access-class 10 in",
            "line vty 0 4\n password l1ne",
        ],
        [
            "line vty 0 4",
            " no exec-timeout 5 0",
            " no session-timeout 10",
            " no access-class 10 in",
            " no password l1ne",
        ],
    ),
    removal(
        "archive settings",
        ["archive", " maximum 5", " time-period 60"],
        ["archive\n maximum 5", "archive\n time-period 60"],
        ["archive", " no maximum 5", " no time-period 60"],
    ),
]

# What IOS does beyond removing: sequence numbers, duplicates, default interface, refusals.
BEHAVIOUR: list[Case] = [
    Case(
        "ACL sequence numbers stay; the next entry gets last + 10",
        (
            Step(
                (
                    "ip access-list extended SEQ",
                    " permit tcp any any eq 22",
                    " permit tcp any any eq 443",
                    " deny ip any any",
                )
            ),
            Step(
                ("ip access-list extended SEQ", " no 20", " permit udp any any eq 53"),
                present=("ip access-list extended SEQ\n re:(40 )?permit udp any any eq domain",),
            ),
            Step(
                ("do show ip access-lists SEQ",),
                output=(
                    "    10 permit tcp any any eq 22",
                    "    30 deny ip any any",
                    "    40 permit udp any any eq domain",
                ),
            ),
        ),
    ),
    Case(
        "ACL duplicate sequence number refused",
        (
            Step(
                ("ip access-list extended DUP", " 10 permit ip any any", " 10 deny ip any any"),
                output=("% Duplicate sequence number",),
                present=("ip access-list extended DUP\n re:(10 )?permit ip any any",),
                absent=("ip access-list extended DUP\n re:.*deny.*",),
            ),
        ),
    ),
    Case(
        "ACL entry typed twice is stored once",
        (
            Step(
                ("ip access-list extended TWICE", " permit ip any any", " permit ip any any"),
                present=("ip access-list extended TWICE\n re:(10 )?permit ip any any",),
            ),
            Step(("do show ip access-lists TWICE",), quiet=("    20 permit",)),
        ),
    ),
    Case(
        "ACL entry inserted at its sequence number",
        (
            Step(
                (
                    "ip access-list extended INS",
                    " permit tcp any any eq 22",
                    " deny ip any any",
                    " 15 permit icmp any any",
                )
            ),
            Step(
                ("do show ip access-lists INS",),
                output=(
                    "    10 permit tcp any any eq 22\n"
                    "    15 permit icmp any any\n"
                    "    20 deny ip any any",
                ),
            ),
        ),
    ),
    Case(
        "ACL resequence",
        (
            Step(
                (
                    "ip access-list extended RS",
                    " permit tcp any any eq 22",
                    " deny ip any any",
                    "ip access-list resequence RS 100 5",
                )
            ),
            Step(
                ("do show ip access-lists RS",),
                output=("    100 permit tcp any any eq 22\n    105 deny ip any any",),
            ),
        ),
    ),
    Case(
        "numbered list edited in the named-list mode",
        (
            Step(
                (
                    "access-list 5 permit 10.5.0.0 0.0.255.255",
                    "ip access-list standard 5",
                    " deny any",
                    " no 10",
                ),
                present=("access-list 5 deny   any",),
                absent=("access-list 5 permit 10.5.0.0 0.0.255.255", "ip access-list standard 5"),
            ),
        ),
    ),
    Case(
        "default interface",
        (
            Step(
                (
                    "interface {lan}",
                    " mtu 1400",
                    " ip helper-address 192.0.2.67",
                    "default interface {lan}",
                ),
                output=("Interface {lan} set to default configuration",),
                present=("interface {lan}\n no ip address", "interface {lan}\n shutdown"),
                absent=("interface {lan}\n re:(description|mtu|ip address|ip helper-address) .*",),
            ),
        ),
    ),
    Case(
        "SNMPv3 user (kept out of the running-config) removed with its attributes",
        (
            Step(
                (
                    "snmp-server group G9 v3 priv",
                    "snmp-server user u9 G9 v3 auth sha authpass9 priv aes 128 privpass9",
                ),
                absent=("re:snmp-server user .*",),
            ),
            Step(("do show snmp user",), output=("User name: u9",)),
            Step(
                (
                    "no snmp-server user u9 G9 v3 auth sha authpass9 priv aes 128 privpass9",
                    "do show snmp user",
                ),
                quiet=("User name: u9",),
            ),
        ),
    ),
    Case(
        "physical interface cannot be removed",
        (
            Step(
                ("no interface {spare}",),
                output=("% Removal of physical interfaces is not permitted",),
                present=("interface {spare}",),
            ),
        ),
    ),
    Case(
        "a no form that names nothing is incomplete",
        (
            Step(
                ("no ntp server", "no ip"),
                output=("% Incomplete command.",),
                present=("ntp server 192.0.2.123",),
            ),
        ),
    ),
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


def _params(cases: list[Case]) -> list[Any]:
    return [
        pytest.param(model, case, id=f"{model}-{case.id}")
        for case in cases
        for model in case.models
    ]


@pytest.mark.parametrize(("model", "case"), _params(CASES))
def test_no_form_removes(targets: dict[str, Target], model: str, case: Case) -> None:
    assert run_case(targets[model], case) == []


@pytest.mark.parametrize(("model", "case"), _params(BEHAVIOUR))
def test_removal_behaviour(targets: dict[str, Target], model: str, case: Case) -> None:
    assert run_case(targets[model], case) == []


def test_napalm_merge_of_no_forms_removes(targets: dict[str, Target]) -> None:
    """NAPALM's merge (a file copied into running-config) removes what its no forms name."""
    from napalm import get_network_driver

    from netauto.plugins.credentials import LAB_PASSWORD, LAB_USERNAME

    target = targets["CISCO2911"]
    target.fleet.reset(target.name)
    target.connect().send_config_set(
        [
            "ip route 10.50.0.0 255.255.0.0 10.0.15.254 200 tag 50 name X",
            "snmp-server community lab-ro RO 10",
        ]
    )
    device = get_network_driver("ios")(
        target.fleet.address(target.name),
        LAB_USERNAME,
        LAB_PASSWORD,
        optional_args={"port": target.fleet.port},
    )
    device.open()
    try:
        device.load_merge_candidate(
            config="no ip route 10.50.0.0 255.255.0.0 10.0.15.254 200 tag 50 name X\n"
            "no snmp-server community lab-ro RO 10\nend\n"
        )
        device.commit_config()
        running = device.get_config(retrieve="running")["running"]
    finally:
        device.close()
    assert "ip route 10.50.0.0" not in running and "lab-ro" not in running
