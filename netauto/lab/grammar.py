"""Per-mode configuration grammar: what each config mode accepts, and how a line is stored.

Each pattern maps to a :class:`Rule`: ``key`` is how many leading words identify the line
(a new ``logging buffered 8192`` replaces ``logging buffered 4096``; ``None`` means the whole
line, so ``ntp server`` lines accumulate), ``mode`` the sub-mode the line enters, and
``negated`` marks defaults that IOS shows in the ``no`` form (``no ip http server``).
Anything else is rejected with the caret under the first word that does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from netauto.lab import grammar_ipbase
from netauto.lab.grammar_services import SERVICES
from netauto.lab.parse import Node, compile_specs
from netauto.lab.rules import K1, K2, K3, MULTI, NEG, NOSTORE, Rule

__all__ = ["MODES", "Mode", "Rule"]


GLOBAL: list[tuple[str, Rule]] = [
    ("version <word>", K1),
    ("hostname <word>", K1),
    ("service timestamps <rest>", K3),
    ("service password-encryption", NEG),
    ("service pad", NEG),
    ("service tcp-keepalives-in", MULTI),
    ("service tcp-keepalives-out", MULTI),
    ("service config", NEG),
    ("boot-start-marker", MULTI),
    ("boot-end-marker", MULTI),
    ("boot system <rest>", MULTI),
    ("enable secret <rest>", K2),
    ("enable password <rest>", K2),
    ("aaa new-model", NEG),
    ("clock timezone <word> <rest>", K2),
    ("ip domain name <word>", K3),
    ("ip domain-name <word>", K2),
    ("ip domain lookup", NEG),
    ("ip name-server <rest>", MULTI),
    ("ip cef", NEG),
    ("ipv6 cef", NEG),
    ("ipv6 unicast-routing", NEG),
    ("ip routing", NEG),
    ("ip forward-protocol nd", MULTI),
    ("ip scp server enable", MULTI),
    ("ip ssh version <int:1-2>", K3),
    ("ip ssh time-out <int:1-120>", K3),
    ("ip ssh authentication-retries <int:0-5>", K3),
    ("ip ssh source-interface <if>", K3),
    ("ip http server", NEG),
    ("ip http secure-server", NEG),
    ("ip route <ip> <mask> <rest>", MULTI),
    ("ip route vrf <word> <ip> <mask> <rest>", MULTI),
    ("ipv6 route <ipv6p> <rest>", MULTI),
    ("ipv6 access-list <word>", Rule(mode="acl-ipv6")),
    ("ip access-list resequence <word> <int> <int>", NOSTORE),
    ("ip access-list standard <word>", Rule(mode="acl-std")),
    ("ip access-list extended <word>", Rule(mode="acl-ext")),
    ("access-list <int:1-2699> <rest>", MULTI),
    ("ip prefix-list <word> <rest>", MULTI),
    ("ipv6 prefix-list <word> <rest>", MULTI),
    ("username <word> <rest>", K2),
    ("file prompt quiet", MULTI),
    ("archive", Rule(mode="archive")),
    ("interface <if>", Rule(mode="if")),
    ("interface range <rest>", Rule(mode="if-range")),
    ("router ospf <int:1-65535>", Rule(mode="router")),
    ("router bgp <int:1-4294967295>", Rule(mode="router")),
    ("router eigrp <word>", Rule(mode="router")),
    ("line con <int:0-0>", Rule(mode="line")),
    ("line aux <int:0-0>", Rule(mode="line")),
    ("line vty <int:0-15> <int:0-15>", Rule(mode="line")),
    ("line vty <int:0-15>", Rule(mode="line")),
    ("banner motd <rest>", K2),
    ("banner login <rest>", K2),
    ("banner exec <rest>", K2),
    ("banner incoming <rest>", K2),
    ("cdp run", NEG),
    ("lldp run", MULTI),
    ("lldp holdtime <int:0-65535>", K2),
    ("lldp timer <int:5-65534>", K2),
    ("lldp reinit <int:2-5>", K2),
    ("lldp tlv-select <rest>", MULTI),
    ("lacp system-priority <int:0-65535>", K2),
    ("vrf definition <word>", Rule(mode="vrf")),
    ("route-map <word> <rest?>", Rule(mode="route-map")),
    ("crypto key generate rsa <rest?>", NOSTORE),
    ("crypto pki trustpoint <word>", Rule(mode="ca-trustpoint")),
    ("crypto pki certificate chain <word>", Rule(mode="cert-chain")),
    ("fhrp version vrrp v3", MULTI),
    ("license udi <rest>", K2),
    ("license boot level <rest>", K3),
    *SERVICES,
    *grammar_ipbase.GLOBAL,
]

INTERFACE: list[tuple[str, Rule]] = [
    ("description <rest>", K1),
    ("ip address <ip> <mask>", K2),
    ("ip address <ip> <mask> secondary", MULTI),
    ("ip address dhcp", K2),
    ("ipv6 address <ipv6p> <rest?>", MULTI),
    ("ipv6 enable", MULTI),
    ("shutdown", MULTI),
    ("negotiation auto", MULTI),
    ("duplex auto", K1),
    ("duplex full", K1),
    ("duplex half", K1),
    ("speed <int:10-10000>", K1),
    ("speed auto", K1),
    ("mtu <int:64-9216>", K1),
    ("bandwidth <int:1-10000000>", K1),
    ("load-interval <int:30-600>", K1),
    ("ip mtu <int:68-9216>", K2),
    ("ip ospf cost <int:1-65535>", K3),
    ("ip ospf <int:1-65535> area <int>", K2),
    ("ip nat inside", K2),
    ("ip nat outside", K2),
    ("ip access-group <word> <word>", MULTI),
    ("ip helper-address <ip>", MULTI),
    ("ip proxy-arp", NEG),
    ("ip redirects", NEG),
    ("ip unreachables", NEG),
    ("cdp enable", NEG),
    ("vrf forwarding <word>", K2),
    ("encapsulation dot1Q <int:1-4094>", K1),
    ("standby version <int:1-2>", K2),
    ("standby <int:0-4095> ip <ip>", Rule(key=3)),
    ("standby <int:0-4095> ip <ip> secondary", MULTI),
    ("standby <int:0-4095> priority <int:0-255>", Rule(key=3)),
    ("standby <int:0-4095> preempt <rest?>", Rule(key=3)),
    ("standby <int:0-4095> <rest>", MULTI),
    ("standby <rest>", MULTI),
    ("vrrp <int:1-255> ip <ip>", Rule(key=3)),
    ("vrrp <int:1-255> ip <ip> secondary", MULTI),
    ("vrrp <int:1-255> priority <int:1-254>", Rule(key=3)),
    ("vrrp <int:1-255> preempt <rest?>", Rule(key=3)),
    ("vrrp <int:1-255> description <rest>", Rule(key=3)),
    ("vrrp <int:1-255> address-family ipv4", Rule(mode="vrrp")),
    ("vrrp <int:1-255> address-family ipv6", Rule(mode="vrrp")),
    ("vrrp <int:1-255> <rest>", MULTI),
    ("logging event link-status", NEG),
    ("lldp transmit", NEG),
    ("lldp receive", NEG),
    ("ipv6 traffic-filter <word> <word>", MULTI),
    *grammar_ipbase.INTERFACE,
]

LINE: list[tuple[str, Rule]] = [
    ("exec-timeout <int:0-35791> <int:0-2147483>", K1),
    ("exec-timeout <int:0-35791>", K1),
    ("login", K1),
    ("login local", K1),
    ("password <rest>", K1),
    ("transport input <rest>", K2),
    ("transport output <rest>", K2),
    ("logging synchronous", MULTI),
    ("privilege level <int:0-15>", K2),
    ("stopbits <int:1-2>", K1),
    ("access-class <word> <word>", K1),
    ("session-timeout <int:0-35791>", K1),
]

ROUTER: list[tuple[str, Rule]] = [
    ("router-id <ip>", K1),
    ("network <ip> <ip> area <int>", MULTI),
    ("network <ip> mask <mask>", MULTI),
    ("network <ip>", MULTI),
    ("neighbor <ip> remote-as <int:1-4294967295>", Rule(key=3)),
    ("neighbor <ip> description <rest>", Rule(key=3)),
    ("neighbor <ip> <rest>", MULTI),
    ("network <ip> <ip>", MULTI),
    ("eigrp router-id <ip>", K2),
    ("passive-interface <if>", MULTI),
    ("passive-interface default", MULTI),
    ("bgp log-neighbor-changes", NEG),
    ("bgp router-id <ip>", K2),
    ("redistribute <rest>", MULTI),
    ("default-information originate", MULTI),
    ("log-adjacency-changes", NEG),
    ("auto-summary", NEG),
    ("address-family <rest>", Rule(mode="router-af")),
]

ROUTER_AF: list[tuple[str, Rule]] = [
    ("network <ip> mask <mask>", MULTI),
    ("network <ip>", MULTI),
    ("neighbor <ip> <rest>", MULTI),
    ("redistribute <rest>", MULTI),
    ("exit-address-family", NOSTORE),
]

ARCHIVE: list[tuple[str, Rule]] = [
    ("path <word>", K1),
    ("write-memory", MULTI),
    ("maximum <int:1-14>", K1),
    ("time-period <int:1-525600>", K1),
]

ACL: list[tuple[str, Rule]] = [
    ("permit <rest>", MULTI),
    ("deny <rest>", MULTI),
    ("remark <rest>", MULTI),
    ("<int:1-2147483647> permit <rest>", MULTI),
    ("<int:1-2147483647> deny <rest>", MULTI),
    ("<int:1-2147483647> remark <rest>", MULTI),
]

ACL_IPV6: list[tuple[str, Rule]] = [
    ("permit <rest>", MULTI),
    ("deny <rest>", MULTI),
    ("remark <rest>", MULTI),
    ("sequence <int:1-4294967295> <rest>", MULTI),
]

VRF: list[tuple[str, Rule]] = [
    ("rd <word>", K1),
    ("description <rest>", K1),
    ("route-target <rest>", MULTI),
    ("address-family ipv4", Rule(mode="vrf-af")),
    ("address-family ipv6", Rule(mode="vrf-af")),
]

VRF_AF: list[tuple[str, Rule]] = [
    ("route-target <rest>", MULTI),
    ("exit-address-family", NOSTORE),
]

ROUTE_MAP: list[tuple[str, Rule]] = [
    ("match <rest>", MULTI),
    ("set <rest>", MULTI),
    ("description <rest>", K1),
]


VRRP: list[tuple[str, Rule]] = [
    ("address <ip> <rest?>", MULTI),
    ("priority <int:1-254>", K1),
    ("preempt <rest?>", K1),
    ("description <rest>", K1),
    ("timers advertise <rest>", K2),
    ("vrrpv2", MULTI),
    ("exit-vrrp", NOSTORE),
]

# IOS XE's default trustpoint and its certificate chain (hex lines up to ``quit``).
TRUSTPOINT: list[tuple[str, Rule]] = [
    ("enrollment <rest>", K1),
    ("revocation-check <rest>", K1),
    ("subject-name <rest>", K1),
    ("rsakeypair <rest>", K1),
    ("hash <word>", K1),
]
CERT_CHAIN: list[tuple[str, Rule]] = [("certificate <rest>", Rule(mode="cert"))]
CERT: list[tuple[str, Rule]] = [("<hex> <rest?>", MULTI), ("quit", MULTI)]


@dataclass(frozen=True)
class Mode:
    name: str
    prompt: str
    parent: str | None
    root: Node


def _modes() -> dict[str, Mode]:
    table = {
        "config": ("(config)", None, GLOBAL),
        "if": ("(config-if)", "config", INTERFACE),
        "if-range": ("(config-if-range)", "config", INTERFACE),
        "subif": ("(config-subif)", "config", INTERFACE),
        "line": ("(config-line)", "config", LINE),
        "router": ("(config-router)", "config", ROUTER),
        "router-af": ("(config-router-af)", "router", ROUTER_AF),
        "archive": ("(config-archive)", "config", ARCHIVE),
        "acl-std": ("(config-std-nacl)", "config", ACL),
        "acl-ext": ("(config-ext-nacl)", "config", ACL),
        "acl-ipv6": ("(config-ipv6-acl)", "config", ACL_IPV6),
        "vrf": ("(config-vrf)", "config", VRF),
        "vrf-af": ("(config-vrf-af)", "vrf", VRF_AF),
        "route-map": ("(config-route-map)", "config", ROUTE_MAP),
        "vrrp": ("(config-if-vrrp)", "if", VRRP),
        "ca-trustpoint": ("(ca-trustpoint)", "config", TRUSTPOINT),
        "cert-chain": ("(config-cert-chain)", "config", CERT_CHAIN),
        "cert": ("(config-pubkey)", "cert-chain", CERT),
        **grammar_ipbase.MODES,
    }
    return {
        name: Mode(name, prompt, parent, compile_specs(list(specs)))
        for name, (prompt, parent, specs) in table.items()
    }


MODES = _modes()
