"""``show`` outputs rendered from the live state, in the formats real IOS 15 prints.

Field order matters to parsers: NAPALM's get_interfaces emits a record on the MTU line, so
Hardware and Description come first; ntc-templates expect the exact column layouts.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass

from netauto.lab import figures
from netauto.lab.configtree import Line
from netauto.lab.state import RouterState

HEADER = "Interface                  IP-Address      OK? Method Status                Protocol"


@dataclass
class Iface:
    name: str
    index: int
    enabled: bool
    description: str | None
    addresses: list[tuple[str, int, bool]]
    ipv6: list[str]
    mac: str
    hardware: str = "CN Gigabit Ethernet"

    @property
    def loopback(self) -> bool:
        return self.name.startswith(("Loopback", "Tunnel", "Null"))

    @property
    def status(self) -> str:
        return "up" if self.enabled else "administratively down"

    @property
    def protocol(self) -> str:
        return "up" if self.enabled else "down"


def interfaces(router: RouterState) -> list[Iface]:
    out = []
    for index, block in enumerate(router.interfaces(), start=1):
        addresses: list[tuple[str, int, bool]] = []
        ipv6: list[str] = []
        for child in block.children:
            words = child.text.split()
            if words[:2] == ["ip", "address"] and len(words) >= 4 and words[2] != "dhcp":
                prefix = ipaddress.IPv4Network(f"0.0.0.0/{words[3]}").prefixlen
                addresses.append((words[2], prefix, words[-1] == "secondary"))
            elif words[:2] == ["ipv6", "address"] and len(words) >= 3:
                ipv6.append(words[2].upper())
        out.append(
            Iface(
                name=block.text.split(None, 1)[1],
                index=index,
                enabled=block.find("shutdown") is None,
                description=block.top("description "),
                addresses=sorted(addresses, key=lambda a: a[2]),
                ipv6=ipv6,
                mac=router.identity.mac(index),
                hardware=_hardware(router, block.text.split(None, 1)[1]),
            )
        )
    return out


def _hardware(router: RouterState, name: str) -> str:
    if not router.model.xe:
        return "CN Gigabit Ethernet"
    return "RP management port" if name == "GigabitEthernet0" else "ISR4331-3x1GE"


def show_hosts(router: RouterState) -> str:
    domain = router.domain
    default = f"Default domain is {domain}" if domain else "Default domain is not set"
    return f"""\
{default}
Name/address lookup uses domain service
Name servers are 255.255.255.255

Codes: UN - unknown, EX - expired, OK - OK, ?? - revalidate
       temp - temporary, perm - permanent
       NA - Not Applicable None - Not defined

Host                      Port  Flags      Age Type   Address(es)
"""


def show_ip_interface_brief(router: RouterState) -> str:
    lines = [HEADER]
    for i in interfaces(router):
        address = next((a for a, _, sec in i.addresses if not sec), "unassigned")
        lines.append(f"{i.name:<27}{address:<16}YES NVRAM  {i.status:<22}{i.protocol}")
    return "\n".join(lines) + "\n"


def _header(i: Iface) -> str:
    return f"{i.name} is {i.status}, line protocol is {i.protocol} "


def _since(stamp: float | None) -> str:
    if stamp is None:
        return "never"
    seconds = int(time.time() - stamp)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _one_interface(router: RouterState, i: Iface, cleared: float | None = None) -> list[str]:
    lines = [_header(i)]
    if i.loopback:
        lines.append("  Hardware is Loopback")
    else:
        lines.append(f"  Hardware is {i.hardware}, address is {i.mac} (bia {i.mac})")
    if i.description:
        lines.append(f"  Description: {i.description}")
    for address, prefix, _ in i.addresses[:1]:
        lines.append(f"  Internet address is {address}/{prefix}")
    if i.loopback:
        lines += [
            "  MTU 1514 bytes, BW 8000000 Kbit/sec, DLY 5000 usec, ",
            "     reliability 255/255, txload 1/255, rxload 1/255",
            "  Encapsulation LOOPBACK, loopback not set",
            "  Keepalive set (10 sec)",
        ]
    else:
        speed = "Full Duplex, 1Gbps" if i.enabled else "Auto Duplex, Auto Speed"
        lines += [
            "  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec, ",
            "     reliability 255/255, txload 1/255, rxload 1/255",
            "  Encapsulation ARPA, loopback not set",
            "  Keepalive set (10 sec)",
            f"  {speed}, media type is RJ45",
            "  output flow-control is unsupported, input flow-control is unsupported",
            "  ARP type: ARPA, ARP Timeout 04:00:00",
        ]
    moving = figures.counters(router, i.index, up=i.enabled and not i.loopback)
    pps = figures.rate(i.index) if i.enabled and not i.loopback else 0
    lines += [
        "  Last input 00:00:01, output 00:00:01, output hang never",
        f'  Last clearing of "show interface" counters {_since(cleared)}',
        "  Input queue: 0/75/0/0 (size/max/drops/flushes); Total output drops: 0",
        "  Queueing strategy: fifo",
        "  Output queue: 0/40 (size/max)",
        f"  5 minute input rate {pps * 90 * 8} bits/sec, {pps} packets/sec",
        f"  5 minute output rate {pps * 110 * 8} bits/sec, {pps} packets/sec",
        f"     {moving.packets_in} packets input, {moving.bytes_in} bytes, 0 no buffer",
        "     Received 0 broadcasts (0 IP multicasts)",
        "     0 runts, 0 giants, 0 throttles",
        "     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored",
        f"     {moving.packets_out} packets output, {moving.bytes_out} bytes, 0 underruns",
        "     0 output errors, 0 collisions, 1 interface resets",
        "     0 unknown protocol drops",
    ]
    return lines


def show_interfaces(router: RouterState, name: str | None = None) -> str | None:
    chosen = [i for i in interfaces(router) if name is None or i.name == name]
    if not chosen:
        return None
    cleared = router.counters_cleared
    return "\n".join(line for i in chosen for line in _one_interface(router, i, cleared)) + "\n"


def show_interfaces_description(router: RouterState) -> str:
    lines = ["Interface                      Status         Protocol Description"]
    for i in interfaces(router):
        status = "admin down" if not i.enabled else "up"
        lines.append(f"{_short(i.name):<31}{status:<15}{i.protocol:<9}{i.description or ''}")
    return "\n".join(lines) + "\n"


def _short(name: str) -> str:
    for long, short in (("GigabitEthernet", "Gi"), ("Loopback", "Lo"), ("Tunnel", "Tu")):
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def show_ip_interface(router: RouterState, name: str | None = None) -> str:
    lines: list[str] = []
    for i in interfaces(router):
        if name is not None and i.name != name:
            continue
        lines.append(_header(i))
        if not i.addresses:
            lines.append("  Internet protocol processing disabled")
            continue
        address, prefix, _ = i.addresses[0]
        lines.append(f"  Internet address is {address}/{prefix}")
        lines.append("  Broadcast address is 255.255.255.255")
        lines.append("  Address determined by non-volatile memory")
        lines += [f"  Secondary address {a}/{p}" for a, p, _ in i.addresses[1:]]
        lines += [
            f"  MTU is {1514 if i.loopback else 1500} bytes",
            "  Helper address is not set",
            "  Directed broadcast forwarding is disabled",
            "  Outgoing access list is not set",
            "  Inbound  access list is not set",
            "  Proxy ARP is enabled",
            "  Security level is default",
            "  Split horizon is enabled",
            "  ICMP redirects are always sent",
            "  IP fast switching is enabled",
            "  IP CEF switching is enabled",
        ]
        vrf = _vrf_of(router, i.name)
        if vrf:
            lines.append(f'  VPN Routing/Forwarding "{vrf}"')
    return "\n".join(lines) + "\n"


def _vrf_of(router: RouterState, name: str) -> str:
    block = router.running.find(f"interface {name}")
    for child in block.children if block else []:
        words = child.text.split()
        if words[:2] in (["vrf", "forwarding"], ["ip", "vrf"]) and len(words) > 2:
            return words[-1]
    return ""


def link_local(mac: str) -> str:
    raw = bytes.fromhex(mac.replace(".", ""))
    eui = bytes([raw[0] ^ 0x02]) + raw[1:3] + b"\xff\xfe" + raw[3:]
    return str(ipaddress.IPv6Address(b"\xfe\x80" + b"\x00" * 6 + eui)).upper()


def show_ipv6_interface(router: RouterState) -> str:
    lines: list[str] = []
    for i in interfaces(router):
        if not i.ipv6:
            continue
        lines.append(_header(i))
        lines.append(f"  IPv6 is enabled, link-local address is {link_local(i.mac)} ")
        lines.append("  No Virtual link-local address(es):")
        lines.append("  Global unicast address(es):")
        for address in i.ipv6:
            net = ipaddress.IPv6Interface(address)
            lines.append(f"    {str(net.ip).upper()}, subnet is {str(net.network).upper()} ")
        lines += [
            "  Joined group address(es):",
            "    FF02::1",
            "    FF02::2",
            f"  MTU is {1514 if i.loopback else 1500} bytes",
            "  ICMP error messages limited to one every 100 milliseconds",
            "  ND DAD is enabled, number of DAD attempts: 1",
            "  ND reachable time is 30000 milliseconds (using 30000)",
        ]
    return "\n".join(lines) + "\n" if lines else ""


def running_config(router: RouterState, section: Line | None = None) -> str:
    if section is not None:
        body = "!\n" + "\n".join(_block(section)) + "\nend\n"
    else:
        body = router.config_text()
    return f"Building configuration...\n\nCurrent configuration : {len(body)} bytes\n{body}"


def _block(node: Line) -> list[str]:
    from netauto.lab.configtree import render

    holder = Line("", [node])
    return [x for x in render(holder) if x != "!"]


def startup_config(router: RouterState) -> str:
    return f"Using {len(router.startup_text)} out of 262136 bytes\n{router.startup_text}"
