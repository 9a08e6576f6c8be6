"""Conformance with real clients: every NAPALM ios getter and the ntc-templates parsers agree
with what the router's state says (a configured R15: static routes, ACLs, SNMP, users)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from netmiko import ConnectHandler
from ntc_templates.parse import parse_output

from netauto.lab.fleet import Fleet
from netauto.plugins.credentials import LAB_PASSWORD, LAB_SECRET, LAB_USERNAME

SETUP = [
    "ip route 10.99.0.0 255.255.0.0 10.0.15.2",
    "ip route 0.0.0.0 0.0.0.0 10.0.15.254",
    "ip access-list extended MGMT",
    " permit tcp any any eq 22",
    " deny ip any any log",
    "access-list 10 permit 10.0.0.0 0.255.255.255",
    "interface GigabitEthernet0/1",
    " ip access-group MGMT in",
    "snmp-server community public RO 10",
    "snmp-server location lab rack 1",
    "snmp-server contact noc@lab.netauto.example",
    "snmp-server user u1 G1 v3 auth sha authpass123 priv aes 128 privpass123",
    "snmp-server group G1 v3 priv",
    "username bob privilege 5",
    "username bob secret bobpw",
    "ntp server 192.0.2.124",
    "login on-success log",
]


@pytest.fixture(scope="module")
def r15(lab_fleet: Fleet) -> Iterator[Any]:
    """A netmiko session to R15 after SETUP; the fleet is reset afterwards."""
    lab_fleet.reset()
    conn = ConnectHandler(
        device_type="cisco_ios",
        host="127.0.0.15",
        port=lab_fleet.port,
        username=LAB_USERNAME,
        password=LAB_PASSWORD,
        secret=LAB_SECRET,
        fast_cli=True,
    )
    output = conn.send_config_set(SETUP)
    assert "Invalid" not in output
    yield conn
    conn.disconnect()
    lab_fleet.reset()


@pytest.fixture(scope="module")
def napalm_r15(r15: Any, lab_fleet: Fleet) -> Iterator[Any]:
    from napalm import get_network_driver

    device = get_network_driver("ios")(
        "127.0.0.15",
        LAB_USERNAME,
        LAB_PASSWORD,
        timeout=20,
        optional_args={"port": lab_fleet.port, "secret": LAB_SECRET},
    )
    device.open()
    yield device
    device.close()


def _facts(r: Any) -> None:
    assert r["hostname"] == "R15" and r["model"] == "CISCO2911/K9"


def _arp(r: Any) -> None:
    assert {(e["ip"], e["interface"]) for e in r} >= {
        ("10.0.15.1", "GigabitEthernet0/0"),
        ("10.0.15.2", "GigabitEthernet0/0"),
        ("10.0.15.254", "GigabitEthernet0/0"),
        ("172.16.15.1", "GigabitEthernet0/1"),
    }


def _snmp(r: Any) -> None:
    assert r["community"] == {"public": {"mode": "ro", "acl": "10"}}
    assert r["location"] == "lab rack 1" and r["contact"] == "noc@lab.netauto.example"
    assert r["chassis_id"].strip().startswith("FTX")


def _users(r: Any) -> None:
    assert r["netauto"]["level"] == 15 and r["bob"]["level"] == 5
    assert r["bob"]["password"].startswith("$9$")


def _ntp_stats(r: Any) -> None:
    assert [(p["remote"], p["synchronized"]) for p in r] == [
        ("192.0.2.123", True),
        ("192.0.2.124", False),
    ]


GETTERS: dict[str, Callable[[Any], None]] = {
    "get_facts": _facts,
    "get_interfaces": lambda r: (
        r["GigabitEthernet0/2"]["is_enabled"] is False or pytest.fail("Gi0/2 should be shut")
    ),
    "get_interfaces_ip": lambda r: (
        r["Loopback0"] == {"ipv4": {"10.255.0.15": {"prefix_length": 32}}} or pytest.fail(str(r))
    ),
    "get_interfaces_counters": lambda r: (
        set(r) >= {"GigabitEthernet0/0", "Loopback0"} or pytest.fail(str(r))
    ),
    "get_environment": lambda r: (
        (r["cpu"] and r["memory"]["available_ram"] > 0) or pytest.fail(str(r))
    ),
    "get_arp_table": _arp,
    "get_ntp_peers": lambda r: set(r) == {"192.0.2.123", "192.0.2.124"} or pytest.fail(str(r)),
    "get_ntp_servers": lambda r: set(r) == {"192.0.2.123", "192.0.2.124"} or pytest.fail(str(r)),
    "get_ntp_stats": _ntp_stats,
    "get_snmp_information": _snmp,
    "get_users": _users,
    "get_lldp_neighbors": lambda r: r == {} or pytest.fail(str(r)),
    "get_lldp_neighbors_detail": lambda r: r == {} or pytest.fail(str(r)),
    "get_bgp_neighbors": lambda r: r == {} or pytest.fail(str(r)),
    "get_bgp_neighbors_detail": lambda r: r == {} or pytest.fail(str(r)),
    "get_bgp_config": lambda r: r == {} or pytest.fail(str(r)),
    "get_network_instances": lambda r: list(r) == ["default"] or pytest.fail(str(r)),
    "get_config": lambda r: (
        "ip route 10.99.0.0 255.255.0.0 10.0.15.2" in r["running"]
        or pytest.fail("static route missing")
    ),
    "get_ipv6_neighbors_table": lambda r: r == [] or pytest.fail(str(r)),
    "get_mac_address_table": lambda r: r == [] or pytest.fail(str(r)),
    "get_probes_config": lambda r: r == {} or pytest.fail(str(r)),
    "get_optics": lambda r: r == {} or pytest.fail(str(r)),
    "get_vlans": lambda r: r == {} or pytest.fail(str(r)),
}


@pytest.mark.parametrize("getter", list(GETTERS))
def test_napalm_getter_matches_state(napalm_r15: Any, getter: str) -> None:
    GETTERS[getter](getattr(napalm_r15, getter)())


def test_napalm_route_to_ping_traceroute(napalm_r15: Any) -> None:
    static = napalm_r15.get_route_to("10.99.0.0/16")["10.99.0.0/16"]
    assert [(r["protocol"], r["next_hop"]) for r in static] == [("static", "10.0.15.2")]
    connected = napalm_r15.get_route_to("172.16.15.0/24")["172.16.15.0/24"]
    assert connected[0]["outgoing_interface"] == "GigabitEthernet0/1"
    assert napalm_r15.ping("10.99.1.1", count=7)["success"]["probes_sent"] == 7
    assert napalm_r15.ping("10.99.1.1")["success"]["packet_loss"] == 0
    hops = napalm_r15.traceroute("10.99.1.1")["success"]
    assert [hops[n]["probes"][1]["ip_address"] for n in sorted(hops)] == ["10.0.15.2", "10.99.1.1"]


def _records(conn: Any, command: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = parse_output(
        platform="cisco_ios", command=command, data=conn.send_command(command)
    )
    return records


NTC: dict[str, Callable[[list[dict[str, Any]]], bool]] = {
    "show ip route": lambda r: (
        ("S", "10.99.0.0", "16", "10.0.15.2")
        in {(x["protocol"], x["network"], x["prefix_length"], x["nexthop_ip"]) for x in r}
        and ("L", "10.0.15.1", "32")
        in {(x["protocol"], x["network"], x["prefix_length"]) for x in r}
    ),
    "show ip route summary": lambda r: {x["route_source"] for x in r} >= {"connected", "static"},
    "show ip arp": lambda r: {x["ip_address"] for x in r} >= {"10.0.15.1", "10.0.15.254"},
    "show arp": lambda r: {x["address"] for x in r} >= {"10.0.15.2"},
    "show access-lists": lambda r: (
        [(x["name"], x["sn"], x["action"]) for x in r]
        == [("10", "10", "permit"), ("MGMT", "10", "permit"), ("MGMT", "20", "deny")]
    ),
    "show ip access-lists": lambda r: r[-1]["matches"] != "" and r[-1]["protocol"] == "ip",
    "show logging": lambda r: (
        any(x["mnemonic"] == "CONFIG_I" for x in r)
        and any(x["mnemonic"] == "LOGIN_SUCCESS" for x in r)
    ),
    "show snmp community": lambda r: (
        [(x["name"], x["access_list_number"]) for x in r] == [("public", "10")]
    ),
    "show snmp user": lambda r: (
        [(x["user_name"], x["group_name"], x["privacy_protocol"]) for x in r]
        == [("u1", "G1", "AES128")]
    ),
    "show users": lambda r: r[0]["user"] == LAB_USERNAME and r[0]["location"] == "127.0.0.1",
    "show license": lambda r: r[0]["feature"] == "ipbasek9",
    "show file systems": lambda r: any(x["prefixes"] == "nvram:" for x in r),
    "show cdp neighbors": lambda r: (
        r[0]["neighbor_name"].startswith("core-sw1") and r[0]["local_interface"] == "Gig 0/0"
    ),
    "show cdp neighbors detail": lambda r: r[0]["local_interface"] == "GigabitEthernet0/0",
    "show version": lambda r: r[0]["version"] == "15.7(3)M8",
    "show inventory": lambda r: r[0]["pid"] == "CISCO2911/K9",
    "show interfaces": lambda r: len(r) == 4,
    "show interfaces description": lambda r: r[1]["description"] == "uplink to core",
    "show ip interface": lambda r: len(r) == 4,
    "show ip interface brief": lambda r: len(r) == 4,
    "show clock": lambda r: r[0]["timezone"] == "UTC",
    "show processes cpu": lambda r: r[0]["cpu_usage_1_min"] == "1",
    "show archive": lambda r: r[0]["next_filename"] == "flash:archive-0",
    "dir": lambda r: r[0]["file_system"] == "flash:/",
    "ping 10.99.1.1 repeat 3": lambda r: r[0]["success_pct"] == "100",
    "traceroute 10.99.1.1": lambda r: [x["ip_address"] for x in r] == ["10.0.15.2", "10.99.1.1"],
    "show ipv6 interface brief": lambda r: True,
    "show ipv6 neighbors": lambda r: True,
    "show vrf": lambda r: True,
}


@pytest.mark.parametrize("command", list(NTC))
def test_ntc_templates_parse(r15: Any, command: str) -> None:
    records = _records(r15, command)
    if command in ("show ipv6 interface brief", "show ipv6 neighbors", "show vrf"):
        return  # parsed without a TextFSM error; no VRF or neighbour to list
    assert records and NTC[command](records), records
