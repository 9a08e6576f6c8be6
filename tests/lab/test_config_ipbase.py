"""Issue 29, class 3: IP Base configuration the lab used to reject (NAT, object groups, MQC,
dot1Q subinterfaces, TACACS+ servers, host entries, DHCP, IP SLA, tracking, key chains,
tunnels, ``interface range``) is stored and printed as IOS prints it, in IOS's order, and
removable with ``no``; the children of a rejected parent are rejected with it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netauto.lab import start_fleet
from netauto.secrets import mask

from .config_cases import Case, Step, Target, removal, run_case

NAT = [
    "interface {uplink}",
    " ip nat outside",
    "interface {lan}",
    " ip nat inside",
    "access-list 1 permit 172.16.0.0 0.15.255.255",
    "ip nat pool POOL 203.0.113.10 203.0.113.20 netmask 255.255.255.0",
    "ip nat inside source list 1 interface {uplink} overload",
    "ip nat inside source static 172.16.{n}.10 10.0.{n}.10",
    "ip nat inside source static tcp 172.16.{n}.11 80 10.0.{n}.11 8080",
]
QOS = [
    "class-map match-any VOICE",
    " match dscp 46",
    " match ip dscp cs5",
    "class-map SIGNALLING",
    " match access-group name SIG",
    "policy-map WAN-OUT",
    " class VOICE",
    "  priority percent 30",
    " class SIGNALLING",
    "  bandwidth percent 5",
    "  set dscp 24",
    " class class-default",
    "  police 8000000",
    "interface {uplink}",
    " service-policy output WAN-OUT",
]
SLA = [
    "ip sla 1",
    " icmp-echo {peer} source-interface {uplink}",
    " frequency 10",
    "ip sla schedule 1 start-time now life forever",
    "track 1 ip sla 1 reachability",
    " delay down 10 up 10",
]

CASES: list[Case] = [
    removal(
        "NAT: inside and outside, overload, pool and static translations",
        NAT,
        [
            "interface {uplink}\n ip nat outside",
            "interface {lan}\n ip nat inside",
            "ip nat pool POOL 203.0.113.10 203.0.113.20 netmask 255.255.255.0",
            "ip nat inside source list 1 interface {uplink} overload",
            "ip nat inside source static 172.16.{n}.10 10.0.{n}.10",
            "ip nat inside source static tcp 172.16.{n}.11 80 10.0.{n}.11 8080",
        ],
        [
            "no ip nat inside source list 1 interface {uplink} overload",
            "no ip nat inside source static 172.16.{n}.10 10.0.{n}.10",
            "no ip nat inside source static tcp 172.16.{n}.11 80 10.0.{n}.11 8080",
            "no ip nat pool POOL 203.0.113.10 203.0.113.20 netmask 255.255.255.0",
            "interface {uplink}",
            " no ip nat outside",
            "interface {lan}",
            " no ip nat inside",
        ],
        absent=[
            "re:ip nat .*",
            "interface {uplink}\n re:ip nat .*",
            "interface {lan}\n re:ip nat .*",
        ],
    ),
    removal(
        "object groups, and an ACL that uses them",
        [
            "object-group network SERVERS",
            " description web farm",
            " host 10.1.1.1",
            " 10.2.2.2 255.255.255.255",
            " 10.3.0.0 255.255.0.0",
            " range 10.4.0.1 10.4.0.9",
            "object-group service WEB",
            " tcp eq 80",
            " tcp eq 443",
            " udp eq 53",
            "ip access-list extended USES-GROUPS",
            " permit tcp any object-group SERVERS eq 443",
        ],
        [
            "object-group network SERVERS\n description web farm\n host 10.1.1.1\n host 10.2.2.2\n"
            " 10.3.0.0 255.255.0.0\n range 10.4.0.1 10.4.0.9",
            "object-group service WEB\n tcp eq www\n tcp eq 443\n udp eq domain",
            "ip access-list extended USES-GROUPS\n"
            " re:(10 )?permit tcp any object-group SERVERS eq 443",
        ],
        ["no object-group network SERVERS", "no object-group service WEB"],
        absent=["object-group network SERVERS", "object-group service WEB"],
    ),
    removal(
        "object group entries",
        ["object-group network SERVERS", " host 10.1.1.1", " host 10.1.1.2"],
        ["object-group network SERVERS\n host 10.1.1.1"],
        ["object-group network SERVERS", " no host 10.1.1.1"],
        stays=["object-group network SERVERS\n host 10.1.1.2"],
    ),
    Case(
        "MQC: class maps, a policy map and its service policy",
        (
            Step(
                tuple(QOS),
                text=(
                    "class-map match-any VOICE\n match dscp ef\n match ip dscp cs5\n!\n"
                    "class-map match-all SIGNALLING\n match access-group name SIG\n!\n"
                    "policy-map WAN-OUT\n class VOICE\n  priority percent 30\n"
                    " class SIGNALLING\n  bandwidth percent 5\n  set dscp cs3\n"
                    " class class-default\n"
                    "  police 8000000 conform-action transmit  exceed-action drop\n!",
                ),
                present=("interface {uplink}\n service-policy output WAN-OUT",),
            ),
            Step(
                (
                    "interface {uplink}",
                    " no service-policy output WAN-OUT",
                    "policy-map WAN-OUT",
                    " no class SIGNALLING",
                ),
                absent=(
                    "interface {uplink}\n service-policy output WAN-OUT",
                    "policy-map WAN-OUT\n class SIGNALLING",
                ),
                present=("policy-map WAN-OUT\n class VOICE",),
            ),
            Step(
                (
                    "no policy-map WAN-OUT",
                    "no class-map VOICE",
                    "no class-map match-all SIGNALLING",
                ),
                absent=(
                    "policy-map WAN-OUT",
                    "class-map match-any VOICE",
                    "class-map match-all SIGNALLING",
                ),
            ),
        ),
    ),
    Case(
        "dot1Q subinterface with its own prompt",
        (
            Step(
                (
                    "interface {lan}.100",
                    " encapsulation dot1Q 100",
                    " ip address 10.100.{n}.1 255.255.255.0",
                ),
                output=("(config-subif)#",),
                text=(
                    "interface {lan}\n description LAN R{n}",
                    "!\ninterface {lan}.100\n encapsulation dot1Q 100\n"
                    " ip address 10.100.{n}.1 255.255.255.0\n!\ninterface {spare}",
                ),
            ),
            Step(
                ("interface {lan}.100", " no encapsulation dot1Q 100"),
                absent=("interface {lan}.100\n encapsulation dot1Q 100",),
            ),
        ),
    ),
    removal(
        "TACACS+ server",
        ["tacacs server ISE", " address ipv4 192.0.2.80", " key t4cacs", " timeout 5"],
        ["tacacs server ISE\n address ipv4 192.0.2.80\n key t4cacs\n timeout 5"],
        ["no tacacs server ISE"],
        absent=["tacacs server ISE"],
    ),
    removal(
        "TACACS+ server settings",
        ["tacacs server ISE", " address ipv4 192.0.2.80", " key t4cacs", " timeout 5"],
        ["tacacs server ISE\n key t4cacs"],
        ["tacacs server ISE", " no key t4cacs", " no timeout 5"],
        absent=["tacacs server ISE\n key t4cacs\n timeout 5"],
        stays=["tacacs server ISE\n address ipv4 192.0.2.80"],
    ),
    removal(
        "host entries",
        ["ip host core 10.0.{n}.254", "ip host web 10.1.1.1 10.1.1.2"],
        ["ip host core 10.0.{n}.254", "ip host web 10.1.1.1 10.1.1.2"],
        ["no ip host core 10.0.{n}.254", "no ip host web"],
    ),
    removal(
        "DHCP pool and excluded addresses",
        [
            "ip dhcp excluded-address 172.16.{n}.1 172.16.{n}.10",
            "ip dhcp pool LAN",
            " network 172.16.{n}.0 /24",
            " default-router 172.16.{n}.1",
            " dns-server 192.0.2.53",
            " domain-name lab.netauto.example",
            " lease 7",
        ],
        [
            "ip dhcp excluded-address 172.16.{n}.1 172.16.{n}.10",
            "ip dhcp pool LAN\n network 172.16.{n}.0 255.255.255.0\n default-router 172.16.{n}.1\n"
            " dns-server 192.0.2.53\n domain-name lab.netauto.example\n lease 7",
        ],
        ["no ip dhcp excluded-address 172.16.{n}.1 172.16.{n}.10", "no ip dhcp pool LAN"],
        absent=["ip dhcp excluded-address 172.16.{n}.1 172.16.{n}.10", "ip dhcp pool LAN"],
    ),
    Case(
        "IP SLA with its schedule, and a track object on it",
        (
            Step(
                tuple(SLA),
                output=("(config-ip-sla-echo)#", "(config-track)#"),
                text=(
                    "ip sla 1\n icmp-echo {peer} source-interface {uplink}\n frequency 10\n"
                    "ip sla schedule 1 life forever start-time now",
                    "track 1 ip sla 1 reachability\n delay down 10 up 10\n!",
                ),
            ),
            Step(
                ("no track 1", "no ip sla 1"),
                absent=("re:track 1 .*", "ip sla 1", "re:ip sla schedule 1 .*"),
            ),
        ),
    ),
    removal(
        "key chain",
        ["key chain KC", " key 1", "  key-string k3ystr1ng", " key 2", "  key-string other"],
        ["key chain KC\n key 1\n  key-string k3ystr1ng\n key 2"],
        ["key chain KC", " no key 2"],
        absent=["key chain KC\n key 2"],
        stays=["key chain KC\n key 1"],
    ),
    removal(
        "key chain by name",
        ["key chain KC", " key 1", "  key-string k3ystr1ng"],
        ["key chain KC"],
        ["no key chain KC"],
    ),
    removal(
        "GRE tunnel (the default mode is not printed)",
        [
            "interface Tunnel0",
            " ip address 10.255.255.1 255.255.255.252",
            " tunnel source {uplink}",
            " tunnel destination 203.0.113.2",
            " tunnel mode gre ip",
            " ip tcp adjust-mss 1360",
        ],
        [
            "interface Tunnel0\n ip address 10.255.255.1 255.255.255.252\n ip tcp adjust-mss 1360\n"
            " tunnel source {uplink}\n tunnel destination 203.0.113.2",
        ],
        ["interface Tunnel0", " no tunnel destination 203.0.113.2", " no tunnel source {uplink}"],
        absent=["interface Tunnel0\n re:tunnel .*"],
        stays=["interface Tunnel0\n ip address 10.255.255.1 255.255.255.252"],
    ),
    Case(
        "interface range applies to each member and is not stored",
        (
            Step(
                ("interface range {lan} - 2", " description pair", " mtu 1400"),
                output=("(config-if-range)#",),
                present=(
                    "interface {lan}\n description pair\n mtu 1400",
                    "interface {spare}\n description pair\n mtu 1400",
                ),
                absent=("re:interface range .*", "interface {uplink}\n description pair"),
            ),
            Step(
                ("interface range {lan} , {spare}", " no mtu 1400"),
                absent=("interface {lan}\n mtu 1400", "interface {spare}\n mtu 1400"),
            ),
        ),
    ),
    Case(
        "a rejected parent rejects its children",
        (
            Step(
                (
                    "object-grop network X",
                    " host 10.1.1.1",
                    " hostname EVIL",
                    "ntp server 192.0.2.201",
                ),
                output=("% Invalid input detected at '^' marker.",),
                present=("hostname R{n}", "ntp server 192.0.2.201"),
                absent=("hostname 10.1.1.1", "hostname EVIL"),
            ),
        ),
    ),
    Case(
        "sections in IOS's order",
        (
            Step(
                (
                    *NAT,
                    *QOS,
                    *SLA,
                    "ip route 10.50.0.0 255.255.0.0 {peer}",
                    "key chain KC",
                    " key 1",
                    "tacacs server ISE",
                    " address ipv4 192.0.2.80",
                    "object-group network SERVERS",
                    " host 10.1.1.1",
                    "ip dhcp pool LAN",
                    " network 172.16.{n}.0 255.255.255.0",
                    "ip host core 10.0.{n}.254",
                    "interface Tunnel0",
                    "snmp-server community lab-ro RO",
                    "ip access-list extended X",
                    " permit ip any any",
                ),
                order=(
                    "hostname R{n}",
                    "ip dhcp pool LAN",
                    "ip domain name lab.netauto.example",
                    "ip host core 10.0.{n}.254",
                    "object-group network SERVERS",
                    "key chain KC",
                    "track 1 ip sla 1 reachability",
                    "class-map match-any VOICE",
                    "policy-map WAN-OUT",
                    "interface Loopback0",
                    "interface Tunnel0",
                    "interface {uplink}",
                    "ip nat pool POOL 203.0.113.10 203.0.113.20 netmask 255.255.255.0",
                    "ip nat inside source list 1 interface {uplink} overload",
                    "ip route 10.50.0.0 255.255.0.0 {peer}",
                    "ip access-list extended X",
                    "ip sla 1",
                    "ip sla schedule 1 life forever start-time now",
                    "access-list 1 permit 172.16.0.0 0.15.255.255",
                    "snmp-server community lab-ro RO",
                    "tacacs server ISE",
                    "line con 0",
                ),
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


@pytest.mark.parametrize(
    ("model", "case"),
    [pytest.param(m, c, id=f"{m}-{c.id}") for c in CASES for m in c.models],
)
def test_ip_base_config(targets: dict[str, Target], model: str, case: Case) -> None:
    assert run_case(targets[model], case) == []


def test_tacacs_and_key_strings_are_masked_and_encrypted(targets: dict[str, Target]) -> None:
    target = targets["CISCO2911"]
    target.fleet.reset(target.name)
    conn = target.connect()
    conn.send_config_set(
        ["key chain KC", " key 1", "  key-string k3ystr1ng", "tacacs server ISE", " key t4cacs"]
    )
    running = conn.send_command("show running-config")
    assert " key t4cacs" in running and "t4cacs" not in mask(running)
    assert "k3ystr1ng" not in mask(running)
    conn.send_config_set(["service password-encryption"])
    running = conn.send_command("show running-config")
    assert "t4cacs" not in running and "k3ystr1ng" not in running
    assert "  key-string 7 " in running and " key 7 " in running


def test_napalm_replace_with_ip_base_config(targets: dict[str, Target]) -> None:
    """A full config with the new sections replaces the running one, and the diff is empty
    afterwards: each section reads back exactly as the router prints it."""
    from napalm import get_network_driver

    from netauto.plugins.credentials import LAB_PASSWORD, LAB_USERNAME

    for target in targets.values():
        target.fleet.reset(target.name)
        conn = target.connect()
        values = target.values()
        conn.send_config_set([line.format(**values) for line in [*NAT, *QOS, *SLA]])
        candidate = conn.send_command("show running-config")
        target.fleet.reset(target.name)
        device = get_network_driver("ios")(
            target.fleet.address(target.name),
            LAB_USERNAME,
            LAB_PASSWORD,
            optional_args={"port": target.fleet.port},
        )
        device.open()
        try:
            device.load_replace_candidate(config=candidate)
            assert "+policy-map WAN-OUT" in device.compare_config()
            device.commit_config()
            device.load_replace_candidate(config=candidate)
            assert device.compare_config() == ""
            device.discard_config()
        finally:
            device.close()


def test_napalm_merge_rejects_the_children_of_a_rejected_parent(targets: dict[str, Target]) -> None:
    """A merged file with an unknown parent: its children (`` hostname EVIL``) fail with it
    instead of being read as global commands, and NAPALM rolls the merge back."""
    from napalm import get_network_driver
    from napalm.base.exceptions import MergeConfigException

    from netauto.plugins.credentials import LAB_PASSWORD, LAB_USERNAME

    target = targets["ISR4331"]
    target.fleet.reset(target.name)
    device = get_network_driver("ios")(
        target.fleet.address(target.name),
        LAB_USERNAME,
        LAB_PASSWORD,
        optional_args={"port": target.fleet.port},
    )
    device.open()
    try:
        device.load_merge_candidate(
            config="object-grop network X\n host 10.1.1.1\n hostname EVIL\n"
            "ntp server 192.0.2.202\nend\n"
        )
        with pytest.raises(MergeConfigException) as failed:
            device.commit_config()
        running = device.get_config(retrieve="running")["running"]
    finally:
        device.close()
    report = str(failed.value)
    assert "object-grop network X" in report and " host 10.1.1.1" in report
    assert " hostname EVIL" in report
    assert "hostname R16" in running and "EVIL" not in running


def test_scrapli_configures_ip_base_through_every_sub_mode(targets: dict[str, Target]) -> None:
    """scrapli 2 follows the new prompts ((config-subif), (dhcp-config), (config-ip-sla-echo),
    (config-pmap-c)...) and finds no failure indicator; a no form undoes the lot."""
    from scrapli import Cli
    from scrapli.auth import Options as AuthOptions
    from scrapli.transport import Ssh2Options

    from netauto.plugins.credentials import LAB_PASSWORD, LAB_USERNAME

    target = targets["CISCO2911"]
    target.fleet.reset(target.name)
    values = target.values()
    lines = [x.format(**values) for x in [*NAT, *QOS, *SLA, "ip dhcp pool LAN", " lease 7"]]
    cli = Cli(
        target.fleet.address(target.name),
        port=target.fleet.port,
        definition_file_or_name="cisco_iosxe",
        auth_options=AuthOptions(username=LAB_USERNAME, password=LAB_PASSWORD),
        transport_options=Ssh2Options(),
    )
    with cli:
        done = cli.send_inputs(lines, requested_mode="configuration")
        assert not done.failed
        undo = ["no ip dhcp pool LAN", "no ip sla 1", "no track 1", "no policy-map WAN-OUT"]
        assert not cli.send_inputs(undo, requested_mode="configuration").failed
        running = cli.send_input("show running-config", requested_mode="privileged_exec").result
    assert "policy-map WAN-OUT" not in running and "ip sla" not in running
    assert "class-map match-any VOICE" in running and "ip dhcp pool" not in running
