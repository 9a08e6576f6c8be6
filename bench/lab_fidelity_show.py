"""The show/exec/platform families of the lab fidelity bench (issue 29, third pass), per image:
configured protocols, everyday exec shows with arguments, prompted exec commands, the IOS XE
platform, and pyATS/unicon's init sequence. Each check is a command whose output must parse
with its ntc-templates template into the expected records (or, without a template, hold the
expected text), or a client operation that must succeed. Imported by bench/lab_fidelity.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ntc_templates.parse import parse_output

PROTOCOLS = [
    "router bgp 65001",
    " neighbor 10.0.{n}.254 remote-as 65000",
    " neighbor 192.0.2.1 remote-as 65001",
    "router ospf 1",
    " network 10.0.{n}.0 0.0.0.255 area 0",
    "router eigrp 100",
    " network 172.16.0.0",
    "interface {lan}",
    " standby 1 ip 172.16.{n}.254",
    " standby 1 preempt",
    "ip prefix-list PL seq 5 permit 172.16.0.0/12 le 24",
    "route-map RM permit 10",
    " match ip address prefix-list PL",
]
VRRP_15 = ["interface {lan}", " vrrp 2 ip 172.16.{n}.253"]
VRRP_XE = ["interface {lan}", " vrrp 2 address-family ipv4", "  address 172.16.{n}.253 primary"]

Check = Callable[[Any], bool]


def _ntc(conn: Any, command: str, check: Callable[[list[dict[str, Any]]], bool]) -> bool:
    data = conn.send_command(command)
    if "Invalid input" in data:
        return False
    records = parse_output(platform="cisco_ios", command=command, data=data)
    return bool(check(records))


def _text(conn: Any, command: str, *expected: str) -> bool:
    data = conn.send_command(command)
    return "Invalid input" not in data and all(e in data for e in expected)


def protocol_checks(n: int, xe: bool) -> dict[str, Check]:
    short = "Gi0/0/1" if xe else "Gi0/1"
    return {
        "show ip bgp summary": lambda c: _ntc(
            c, "show ip bgp summary",
            lambda r: {x["state_or_prefixes_received"] for x in r} == {"Active", "Idle"},
        ),
        "show ip bgp neighbors": lambda c: _ntc(
            c, "show ip bgp neighbors", lambda r: r[0]["bgp_state"] == "Active"
        ),
        "show ip ospf interface brief": lambda c: _ntc(
            c, "show ip ospf interface brief", lambda r: r[0]["state"] == "DR"
        ),
        "show ip ospf database": lambda c: _ntc(
            c, "show ip ospf database", lambda r: r[0]["link_count"] == "1"
        ),
        "show ip ospf": lambda c: _text(c, "show ip ospf", 'Routing Process "ospf 1"'),
        "show ip eigrp topology": lambda c: _ntc(
            c, "show ip eigrp topology", lambda r: r[0]["network"] == f"172.16.{n}.0"
        ),
        "show ip eigrp neighbors": lambda c: _text(
            c, "show ip eigrp neighbors", "EIGRP-IPv4 Neighbors for AS(100)"
        ),
        "show ip protocols": lambda c: _text(
            c, "show ip protocols", '"ospf 1"', '"eigrp 100"', '"bgp 65001"'
        ),
        "show standby": lambda c: _ntc(c, "show standby", lambda r: r[0]["state"] == "Active"),
        "show standby brief": lambda c: _ntc(
            c, "show standby brief", lambda r: r[0]["interface"] == short
        ),
        "show vrrp brief": lambda c: _ntc(
            c, "show vrrp brief", lambda r: r[0]["state"] in ("Master", "MASTER")
        ),
        "show vrrp all": lambda c: _ntc(c, "show vrrp all", lambda r: r[0]["group"] == "2"),
        "show ip prefix-list": lambda c: _ntc(
            c, "show ip prefix-list", lambda r: r[0]["seq"] == "5"
        ),
        "show route-map": lambda c: _ntc(
            c, "show route-map", lambda r: r[0]["match_clauses"] == ["ip address prefix-lists: PL"]
        ),
    }  # fmt: skip


EXEC_SHOWS: dict[str, Check] = {
    "show processes cpu sorted": lambda c: _ntc(c, "show processes cpu sorted", bool),
    "show processes memory sorted": lambda c: _ntc(c, "show processes memory sorted", bool),
    "show ip cef": lambda c: _ntc(c, "show ip cef", lambda r: len(r) > 10),
    "show adjacency": lambda c: _ntc(c, "show adjacency", lambda r: len(r) == 1),
    "show ip interface Loopback0": lambda c: _ntc(
        c, "show ip interface Loopback0", lambda r: len(r) == 1
    ),
    "show ipv6 interface brief": lambda c: _ntc(c, "show ipv6 interface brief", bool),
    "show ip http server status": lambda c: _ntc(
        c, "show ip http server status", lambda r: r[0]["server_status"] == "Disabled"
    ),
    "show clock detail": lambda c: _text(c, "show clock detail", "Time source is NTP"),
    "show terminal": lambda c: _text(c, "show terminal", "Length: 0 lines"),
    "show line": lambda c: _text(c, "show line", " VTY "),
    "show ip ssh": lambda c: _text(c, "show ip ssh", "SSH Enabled - version 2.0"),
    "show running-config all": lambda c: _text(c, "show running-config all", " ip proxy-arp"),
    "show running-config partition route-map": lambda c: _text(
        c, "show running-config partition route-map", "route-map RM permit 10"
    ),
    "show ntp associations detail": lambda c: _text(
        c, "show ntp associations detail", "configured, ipv4, our_master"
    ),
    "show cdp entry *": lambda c: _text(c, "show cdp entry *", "Device ID: core-sw1"),
    "dir nvram:": lambda c: _ntc(c, "dir nvram:", lambda r: r[0]["name"] == "startup-config"),
}


def prompt_checks() -> dict[str, Check]:
    def clear(c: Any) -> bool:
        out = c.send_command("clear counters", expect_string=r"\[confirm\]")
        c.send_command("\n", expect_string=r"#")
        return "[confirm]" in out and "counters 00:00:" in c.send_command(
            "show interfaces | include Last clearing"
        )

    def cancel(c: Any) -> bool:
        asked = c.send_command_timing("reload")
        if "Save? [yes/no]" in asked:
            asked = c.send_command_timing("no")  # then Proceed with reload? [confirm]
        c.send_command_timing("n")
        shown = c.send_command("show version")
        return "[confirm]" in asked and "uptime is 0 minutes" not in shown

    return {"clear counters [confirm]": clear, "reload [confirm] cancelled": cancel}


XE_CHECKS: dict[str, Check] = {
    "Gi0 in VRF Mgmt-intf": lambda c: _ntc(
        c, "show ip vrf interfaces", lambda r: r[0]["vrf"] == "Mgmt-intf"
    ),
    "SLA-TrustPoint chain": lambda c: _text(
        c, "show running-config", "crypto pki certificate chain SLA-TrustPoint", "\tquit"
    ),
    "show platform": lambda c: _text(c, "show platform", "Chassis type: ISR4331/K9"),
    "show platform diag": lambda c: _ntc(c, "show platform diag", lambda r: len(r) == 7),
    "show platform resources": lambda c: _text(c, "show platform resources", "RP0 (ok, active)"),
    "show license status": lambda c: _ntc(
        c, "show license status", lambda r: r[0]["sl_enabled"] == "ENABLED"
    ),
    "show memory statistics": lambda c: _text(c, "show memory statistics", "lsmpi_io"),
}

UNICON = ["no logging console", "line console 0", "exec-timeout 0", "line vty 0 4",
          "exec-timeout 0"]  # fmt: skip


def unicon_init(c: Any) -> bool:
    if any("Invalid" in c.send_command(x) for x in ("term length 0", "term width 0")):
        return False
    return "Invalid" not in c.send_config_set(UNICON)


def run_checks(conn: Any, checks: dict[str, Check]) -> tuple[int, int, list[str]]:
    passed, failed = 0, []
    for name, check in checks.items():
        try:
            ok = check(conn)
        except Exception as error:
            ok = False
            name = f"{name}: {type(error).__name__}"
        passed += bool(ok)
        if not ok:
            failed.append(name)
    return passed, len(checks), failed


def families(connect: Callable[[str], Any], napalm_bgp: Callable[[str], bool]) -> dict[str, Any]:
    """Rows per image: ``connect(host)`` opens a netmiko session (R15 2911, R16 ISR4331)."""
    rows: dict[str, Any] = {}
    for host, n, xe, image in (("127.0.0.15", 15, False, "CISCO2911"),
                               ("127.0.0.16", 16, True, "ISR4331")):  # fmt: skip
        conn = connect(host)
        lan = "GigabitEthernet0/0/1" if xe else "GigabitEthernet0/1"
        setup = PROTOCOLS + (VRRP_XE if xe else VRRP_15)
        conn.send_config_set([x.format(n=n, lan=lan) for x in setup])
        checks = protocol_checks(n, xe)
        checks["NAPALM get_bgp_neighbors"] = lambda c, h=host: napalm_bgp(h)
        rows[f"protocols shown ({image})"] = run_checks(conn, checks)
        rows[f"exec shows with arguments ({image})"] = run_checks(conn, EXEC_SHOWS)
        rows[f"prompted exec commands ({image})"] = run_checks(conn, prompt_checks())
        if xe:
            rows[f"IOS XE platform ({image})"] = run_checks(conn, XE_CHECKS)
        rows[f"unicon default init ({image})"] = run_checks(conn, {"init": unicon_init})
        conn.disconnect()
    return rows
