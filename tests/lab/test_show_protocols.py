"""Configured protocols show their state: BGP neighbours Idle/Active, OSPF and EIGRP processes
with their own interfaces and LSA, HSRP/VRRP groups Active alone on their segment, prefix-lists
and route-maps; every output parses with its ntc-templates template, NAPALM's BGP getters work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .pair import R15, R16, connect, napalm, ntc, pair  # noqa: F401

SETUP = [
    "router bgp 65001",
    " neighbor 10.0.15.254 remote-as 65000",
    " neighbor 10.0.15.254 description core",
    " neighbor 192.0.2.1 remote-as 65001",
    " neighbor 10.0.15.9 remote-as 65009",
    " neighbor 10.0.15.9 shutdown",
    " network 172.16.15.0 mask 255.255.255.0",
    "router ospf 1",
    " router-id 10.255.0.15",
    " network 10.0.15.0 0.0.0.255 area 0",
    " network 10.255.0.15 0.0.0.0 area 0",
    "router eigrp 100",
    " network 172.16.0.0",
    "interface GigabitEthernet0/1",
    " standby 1 ip 172.16.15.254",
    " standby 1 priority 110",
    " standby 1 preempt",
    " vrrp 2 ip 172.16.15.253",
    " vrrp 2 priority 120",
    "interface GigabitEthernet0/2",
    " ip address 192.168.2.1 255.255.255.0",
    " standby 3 ip 192.168.2.254",
    "ip prefix-list PL-LAN seq 5 permit 172.16.0.0/12 le 24",
    "ip prefix-list PL-LAN deny 0.0.0.0/0 le 32",
    "route-map RM-OUT permit 10",
    " match ip address prefix-list PL-LAN",
    " set local-preference 200",
    "route-map RM-OUT deny 20",
]


@pytest.fixture(scope="module")
def r15(pair: Any) -> Iterator[Any]:  # noqa: F811
    conn = connect(pair, R15)
    output = conn.send_config_set(SETUP)
    assert "Invalid" not in output and "%" not in output
    yield conn
    conn.disconnect()


def test_bgp_summary_states(r15: Any) -> None:
    rows = {r["bgp_neighbor"]: r for r in ntc(r15, "show ip bgp summary")}
    assert {a: r["state_or_prefixes_received"] for a, r in rows.items()} == {
        "10.0.15.9": "Idle (Admin)",  # shut
        "10.0.15.254": "Active",  # a route leads there: the router keeps trying
        "192.0.2.1": "Idle",  # no route
    }
    assert {r["router_id"] for r in rows.values()} == {"10.255.0.15"}
    assert rows["10.0.15.254"]["neighbor_as"] == "65000"
    assert rows["10.0.15.254"]["up_down"] == "never"


def test_bgp_neighbors_and_table(r15: Any) -> None:
    rows = {r["neighbor"]: r for r in ntc(r15, "show ip bgp neighbors")}
    assert rows["10.0.15.254"]["bgp_state"] == "Active"
    assert rows["192.0.2.1"]["remote_as"] == "65001"
    (one,) = ntc(r15, "show ip bgp neighbors 10.0.15.254")
    assert one["neighbor"] == "10.0.15.254"
    assert "% No such neighbor" in r15.send_command("show ip bgp neighbors 10.9.9.9")
    (route,) = ntc(r15, "show ip bgp")
    assert route["network"] == "172.16.15.0/24" and route["next_hop"] == "0.0.0.0"
    assert r15.send_command("sh ip bgp sum") == r15.send_command("show ip bgp summary")


def test_napalm_bgp_getters(r15: Any, pair: Any) -> None:  # noqa: F811
    device = napalm(pair, R15)
    try:
        peers = device.get_bgp_neighbors()["global"]["peers"]
        detail = device.get_bgp_neighbors_detail()["global"]
    finally:
        device.close()
    assert set(peers) == {"10.0.15.9", "10.0.15.254", "192.0.2.1"}
    core = peers["10.0.15.254"]
    assert core["remote_as"] == 65000 and core["local_as"] == 65001
    assert core["is_enabled"] and not core["is_up"] and core["description"] == "core"
    assert not peers["10.0.15.9"]["is_enabled"]
    assert detail[65000][0]["connection_state"] == "Active"
    assert detail[65001][0]["remote_address"] == "192.0.2.1"


def test_bgp_not_configured(pair: Any) -> None:  # noqa: F811
    conn = connect(pair, R16)
    try:
        assert "% BGP not active" in conn.send_command("show ip bgp summary")
    finally:
        conn.disconnect()
    device = napalm(pair, R16)
    try:
        assert device.get_bgp_neighbors() == {}
    finally:
        device.close()


def test_ospf(r15: Any) -> None:
    brief = ntc(r15, "show ip ospf interface brief")
    assert [(r["interface"], r["area"], r["state"], r["neighbors_fc"]) for r in brief] == [
        ("Lo0", "0", "LOOP", "0/0"),
        ("Gi0/0", "0", "DR", "0/0"),
    ]
    (lsa,) = ntc(r15, "show ip ospf database")
    assert lsa["link_id"] == lsa["adv_router"] == lsa["router_id"] == "10.255.0.15"
    assert lsa["link_count"] == "2"
    assert r15.send_command("show ip ospf neighbor").strip() == ""
    process = r15.send_command("show ip ospf")
    assert 'Routing Process "ospf 1" with ID 10.255.0.15' in process
    assert "Area BACKBONE(0)" in process
    detail = r15.send_command("show ip ospf interface GigabitEthernet0/0")
    assert "Internet Address 10.0.15.1/24, Area 0, Attached via Network Statement" in detail
    assert "State DR, Priority 1" in detail and "Neighbor Count is 0" in detail


def test_eigrp(r15: Any) -> None:
    assert ntc(r15, "show ip eigrp neighbors", empty=True) == []
    assert "EIGRP-IPv4 Neighbors for AS(100)" in r15.send_command("show ip eigrp neighbors")
    (entry,) = ntc(r15, "show ip eigrp topology")
    assert (entry["process_id"], entry["network"], entry["prefix_length"]) == (
        "100",
        "172.16.15.0",
        "24",
    )
    assert entry["out_interface"] == ["GigabitEthernet0/1"]
    assert "Gi0/1" in r15.send_command("show ip eigrp interfaces")


def test_ip_protocols(r15: Any) -> None:
    text = r15.send_command("show ip protocols")
    for name in ('"ospf 1"', '"eigrp 100"', '"bgp 65001"'):
        assert f"Routing Protocol is {name}" in text
    assert "10.0.15.0 0.0.0.255 area 0" in text and "172.16.0.0/16" in text
    assert r15.send_command("show ip protocols | include bgp").strip().endswith('"bgp 65001"')


def test_hsrp(r15: Any) -> None:
    groups = {r["group"]: r for r in ntc(r15, "show standby")}
    assert groups["1"]["state"] == "Active" and groups["1"]["active_router"] == "local"
    assert groups["1"]["virtual_ip"] == "172.16.15.254" and groups["1"]["priority"] == "110"
    assert groups["1"]["preemption"] == "enabled"
    assert groups["1"]["active_virtual_mac"] == "0000.0c07.ac01"
    assert groups["3"]["state"] == "Init"  # Gi0/2 is shut
    brief = {r["group"]: r for r in ntc(r15, "show standby brief")}
    assert (brief["1"]["state"], brief["1"]["preempt"], brief["1"]["active"]) == (
        "Active",
        "P",
        "local",
    )
    assert brief["3"]["state"] == "Init"


def test_vrrp_ios15(r15: Any) -> None:
    (brief,) = ntc(r15, "show vrrp brief")
    assert (brief["group"], brief["priority"], brief["state"], brief["preempt"]) == (
        "2",
        "120",
        "Master",
        "Y",
    )
    assert brief["master_ip_address"] == "172.16.15.1"
    assert brief["virtual_ip_address"] == "172.16.15.253"
    (group,) = ntc(r15, "show vrrp all")
    assert group["state"] == "Master" and group["virtual_mac_address"] == "0000.5e00.0102"
    assert r15.send_command("show vrrp") == r15.send_command("show vrrp all")


def test_vrrp_ios_xe(pair: Any) -> None:  # noqa: F811
    conn = connect(pair, R16)
    try:
        output = conn.send_config_set(
            [
                "fhrp version vrrp v3",
                "interface GigabitEthernet0/0/1",
                " vrrp 5 address-family ipv4",
                "  address 172.16.16.254 primary",
                "  priority 110",
                " exit-vrrp",
            ]
        )
        assert "Invalid" not in output
        config = conn.send_command("show running-config interface GigabitEthernet0/0/1")
        assert " vrrp 5 address-family ipv4\n  address 172.16.16.254 primary" in config
        assert "\n exit-vrrp" in config
        (brief,) = ntc(conn, "show vrrp brief")
        assert (brief["addr_family"], brief["state"], brief["master_ip_address"]) == (
            "IPv4",
            "MASTER",
            "172.16.16.1",
        )
        (group,) = ntc(conn, "show vrrp all")
        assert group["addr_family"] == "IPv4" and group["priority"] == "110"
        assert group["virtual_mac_address"] == "0000.5E00.0105"
    finally:
        conn.disconnect()


def test_prefix_list_and_route_map(r15: Any) -> None:
    entries = ntc(r15, "show ip prefix-list")
    assert [(e["name"], e["seq"], e["action"], e["network"], e["le"]) for e in entries] == [
        ("PL-LAN", "5", "permit", "172.16.0.0", "24"),
        ("PL-LAN", "10", "deny", "0.0.0.0", "32"),
    ]
    maps = ntc(r15, "show route-map")
    assert [(m["name"], m["action"], m["seq"]) for m in maps] == [
        ("RM-OUT", "permit", "10"),
        ("RM-OUT", "deny", "20"),
    ]
    assert maps[0]["match_clauses"] == ["ip address prefix-lists: PL-LAN"]
    assert maps[0]["set_clauses"] == ["local-preference 200"]
