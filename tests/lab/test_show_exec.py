"""Everyday exec shows with their arguments honoured; where ntc-templates has a template the
output parses with it (show processes cpu/memory sorted, ip cef, adjacency, ip interface X,
ipv6 interface brief, ipv6 access-list, running-config partition, ip http server status,
ip arp X, arp vrf X, ip vrf interfaces, clock detail, dir nvram:)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .pair import R15, R16, connect, ntc, pair  # noqa: F401

SETUP = [
    "vrf definition BLUE",
    " address-family ipv4",
    "interface GigabitEthernet0/2",
    " vrf forwarding BLUE",
    " ip address 192.168.2.1 255.255.255.0",
    " no shutdown",
    "ipv6 access-list V6-IN",
    " permit tcp any any eq 22",
    " sequence 30 deny ipv6 any any",
    "ip access-list extended MGMT",
    " permit tcp any any eq 22",
    "route-map RM permit 10",
    " match ip address MGMT",
    "line vty 0 4",
    " exec-timeout 30 0",
]


@pytest.fixture(scope="module")
def r15(pair: Any) -> Iterator[Any]:  # noqa: F811
    pair.reset()
    conn = connect(pair, R15)
    assert "Invalid" not in conn.send_config_set(SETUP)
    yield conn
    conn.disconnect()
    pair.reset()


def test_terminal_and_line(r15: Any) -> None:
    text = r15.send_command("show terminal")
    assert text.startswith('Line 2, Location: "", Type: "')
    assert "Length: 0 lines, Width: 511 columns" in text  # netmiko's terminal settings
    assert "00:30:00" in text and "Allowed input transports are ssh." in text
    lines = r15.send_command("show line")
    assert "*     2    2 VTY" in lines and "      6    6 VTY" in lines


def test_ssh_http_clock(r15: Any) -> None:
    assert r15.send_command("show ip ssh").startswith("SSH Enabled - version 2.0")
    (http,) = ntc(r15, "show ip http server status")
    assert http["server_status"] == "Disabled" and http["secure_server_status"] == "Disabled"
    (clock,) = ntc(r15, "show clock detail")
    assert clock["timezone"] == "UTC"
    assert r15.send_command("show clock detail").endswith("Time source is NTP")


def test_processes(r15: Any) -> None:
    cpu = ntc(r15, "show processes cpu sorted")
    assert cpu[0]["cpu_usage_5_min"] == "1" and cpu[0]["process_name"] == "Check heaps"
    (memory,) = ntc(r15, "show processes memory sorted")
    assert int(memory["memory_total"]) == int(memory["memory_used"]) + int(memory["memory_free"])
    assert memory["process"][0] == "*Init*"
    assert " PID QTy       PC Runtime(ms)" in r15.send_command("show processes")


def test_cef_and_adjacency(r15: Any) -> None:
    cef = {r["ip_address"] + "/" + r["prefix_length"]: r for r in ntc(r15, "show ip cef")}
    assert cef["10.0.15.0/24"]["nexthop"] == ["attached"]
    assert cef["10.255.0.15/32"]["nexthop"] == ["receive"]
    assert cef["224.0.0.0/4"]["nexthop"] == ["drop"]
    assert "192.168.2.0/24" not in cef  # in VRF BLUE
    assert "192.168.2.0/24" in r15.send_command("show ip cef vrf BLUE")
    (adjacency,) = ntc(r15, "show adjacency")
    assert adjacency["endpoint"] == "10.0.15.254"


def test_interfaces_views(r15: Any) -> None:
    (one,) = ntc(r15, "show ip interface GigabitEthernet0/1")
    assert one["interface"] == "GigabitEthernet0/1" and one["ip_address"] == ["172.16.15.1"]
    brief = {r["interface"]: r for r in ntc(r15, "show ipv6 interface brief")}
    assert brief["GigabitEthernet0/0"]["ipv6_address"][1] == "2001:DB8:F::1"
    assert brief["Loopback0"]["ipv6_address"] == ["unassigned"]
    (vrf,) = ntc(r15, "show ip vrf interfaces")
    assert (vrf["interface"], vrf["vrf"], vrf["ip_address"]) == ("Gi0/2", "BLUE", "192.168.2.1")


def test_arp_arguments(r15: Any) -> None:
    (entry,) = ntc(r15, "show ip arp GigabitEthernet0/1")
    assert entry["ip_address"] == "172.16.15.1"
    (vrf,) = ntc(r15, "show arp vrf BLUE")
    assert vrf["interface"] == "GigabitEthernet0/2"
    assert "192.168.2.1" not in r15.send_command("show ip arp")  # the global table only
    assert r15.send_command("show ip arp 10.0.15.254").count("Internet") == 1


def test_acl_views_and_partitions(r15: Any) -> None:
    entries = ntc(r15, "show ipv6 access-list")
    assert [(e["acl_name"], e["action"], e["sequence"]) for e in entries] == [
        ("V6-IN", "permit", "10"),
        ("V6-IN", "deny", "30"),
    ]
    parts = ntc(r15, "show running-config partition access-list")
    assert {p["acl_name"] for p in parts} == {"MGMT"}
    assert "route-map RM permit 10" in r15.send_command("show running-config partition route-map")
    router = r15.send_command("show running-config partition interface GigabitEthernet0/2")
    assert "vrf forwarding BLUE" in router and "interface GigabitEthernet0/1" not in router


def test_running_config_all_shows_defaults(r15: Any) -> None:
    full = r15.send_command("show running-config all")
    plain = r15.send_command("show running-config")
    assert " ip proxy-arp" in full and " ip proxy-arp" not in plain
    assert " load-interval 300" in full and "ip domain lookup" in full


def test_ntp_cdp_files(r15: Any) -> None:
    detail = r15.send_command("show ntp associations detail")
    assert detail.startswith("192.0.2.123 configured, ipv4, our_master, sane, valid, stratum 1")
    assert "Device ID: core-sw1" in r15.send_command("show cdp entry *")
    files = ntc(r15, "dir nvram:")
    assert "startup-config" in {f["name"] for f in files}
    assert "bytes available" in r15.send_command("show flash:")
