"""IP Base configuration beyond the lab's first grammar: NAT, object groups, MQC (class maps,
policy maps, service policies), TACACS+ servers, host entries, DHCP pools, IP SLA, tracking,
key chains and tunnel interfaces.

``GLOBAL`` joins the global grammar, ``INTERFACE`` the interface grammar, and ``MODES`` are the
sub-modes these commands enter: name -> (prompt, parent mode, patterns).
"""

from __future__ import annotations

from netauto.lab.rules import K1, K2, K3, MULTI, Rule

GLOBAL: list[tuple[str, Rule]] = [
    ("ip nat inside source list <word> interface <if> overload", Rule(key=6)),
    ("ip nat inside source list <word> interface <if>", Rule(key=6)),
    ("ip nat inside source list <word> pool <word> <rest?>", Rule(key=6)),
    ("ip nat inside source route-map <word> interface <if> <rest?>", Rule(key=6)),
    ("ip nat inside source static <rest>", MULTI),
    ("ip nat outside source static <rest>", MULTI),
    ("ip nat pool <word> <ip> <ip> netmask <mask>", Rule(key=4)),
    ("ip nat pool <word> <ip> <ip> prefix-length <int:1-32>", Rule(key=4)),
    ("object-group network <word>", Rule(mode="objgrp-net")),
    ("object-group service <word>", Rule(mode="objgrp-svc")),
    ("class-map match-any <word>", Rule(mode="cmap")),
    ("class-map match-all <word>", Rule(mode="cmap")),
    ("class-map <word>", Rule(mode="cmap")),
    ("policy-map <word>", Rule(mode="pmap")),
    ("tacacs server <word>", Rule(mode="tacacs")),
    ("tacacs-server host <ip> <rest?>", K3),
    ("tacacs-server key <rest>", K2),
    ("tacacs-server timeout <int:1-1000>", K2),
    ("ip tacacs source-interface <if>", K3),
    ("ip host <word> <rest>", K3),
    ("ip dhcp excluded-address <ip> <rest?>", MULTI),
    ("ip dhcp pool <word>", Rule(mode="dhcp")),
    ("ip sla <int:1-2147483647>", Rule(mode="ipsla")),
    ("ip sla schedule <int:1-2147483647> <rest?>", Rule(key=4)),
    ("track <int:1-1000> ip sla <int:1-2147483647> reachability", Rule(mode="track")),
    ("track <int:1-1000> ip sla <int:1-2147483647> state", Rule(mode="track")),
    ("track <int:1-1000> ip sla <int:1-2147483647>", Rule(mode="track")),
    ("track <int:1-1000> interface <if> line-protocol", Rule(mode="track")),
    ("track <int:1-1000> interface <if> ip routing", Rule(mode="track")),
    ("key chain <word>", Rule(mode="keychain")),
]

INTERFACE: list[tuple[str, Rule]] = [
    ("encapsulation dot1Q <int:1-4094> native", K1),
    ("ip virtual-reassembly in", K2),
    ("ip virtual-reassembly", K2),
    ("ip tcp adjust-mss <int:500-1460>", K3),
    ("service-policy input <word>", K2),
    ("service-policy output <word>", K2),
    ("tunnel source <if>", K2),
    ("tunnel source <ip>", K2),
    ("tunnel destination <ip>", K2),
    ("tunnel destination <word>", K2),
    ("tunnel mode <rest>", K2),
    ("tunnel key <int>", K2),
    ("tunnel protection ipsec profile <word>", Rule(key=3)),
    ("keepalive <rest?>", K1),
]

OBJECT_NETWORK: list[tuple[str, Rule]] = [
    ("description <rest>", K1),
    ("host <ip>", MULTI),
    ("<ip> <mask>", MULTI),
    ("range <ip> <ip>", MULTI),
    ("group-object <word>", MULTI),
]

OBJECT_SERVICE: list[tuple[str, Rule]] = [
    ("description <rest>", K1),
    ("tcp <rest?>", MULTI),
    ("udp <rest?>", MULTI),
    ("tcp-udp <rest?>", MULTI),
    ("icmp <rest?>", MULTI),
    ("ip", MULTI),
    ("<int:0-255>", MULTI),
    ("group-object <word>", MULTI),
]

CLASS_MAP: list[tuple[str, Rule]] = [
    ("description <rest>", K1),
    ("match <rest>", MULTI),
]

POLICY_MAP: list[tuple[str, Rule]] = [
    ("description <rest>", K1),
    ("class <word>", Rule(mode="pmap-c")),
]

POLICY_CLASS: list[tuple[str, Rule]] = [
    ("police <rest>", K1),
    ("bandwidth <rest>", K1),
    ("priority <rest?>", K1),
    ("shape average <rest>", K2),
    ("set <rest>", Rule(key=2)),
    ("fair-queue", K1),
    ("random-detect <rest?>", K1),
    ("queue-limit <rest>", K1),
    ("service-policy <word>", K1),
]

TACACS: list[tuple[str, Rule]] = [
    ("address ipv4 <ip>", K2),
    ("key <rest>", K1),
    ("port <int:1-65535>", K1),
    ("timeout <int:1-1000>", K1),
    ("single-connection", K1),
]

DHCP_POOL: list[tuple[str, Rule]] = [
    ("network <ip> <mask>", K1),
    ("network <ip> <word>", K1),
    ("default-router <rest>", K1),
    ("dns-server <rest>", K1),
    ("domain-name <word>", K1),
    ("lease <rest>", K1),
    ("option <int:0-254> <rest>", K2),
    ("host <ip> <mask>", K1),
    ("client-identifier <word>", K1),
]

IP_SLA: list[tuple[str, Rule]] = [
    ("icmp-echo <ip> <rest?>", Rule(key=1, mode="ipsla-echo", flat=True)),
    ("icmp-echo <ip> source-interface <if>", Rule(key=1, mode="ipsla-echo", flat=True)),
    ("icmp-echo <ip> source-ip <ip>", Rule(key=1, mode="ipsla-echo", flat=True)),
    ("udp-jitter <ip> <int:1-65535> <rest?>", Rule(key=1, mode="ipsla-echo", flat=True)),
    ("tcp-connect <ip> <int:1-65535> <rest?>", Rule(key=1, mode="ipsla-echo", flat=True)),
]

IP_SLA_ECHO: list[tuple[str, Rule]] = [
    ("frequency <int:1-604800>", K1),
    ("timeout <int:0-604800000>", K1),
    ("threshold <int:0-2147483647>", K1),
    ("tos <int:0-255>", K1),
    ("request-data-size <int:0-16384>", K1),
    ("vrf <word>", K1),
    ("tag <rest>", K1),
]

TRACK: list[tuple[str, Rule]] = [
    ("delay <rest>", K1),
]

KEY_CHAIN: list[tuple[str, Rule]] = [
    ("key <int:0-2147483647>", Rule(mode="keychain-key")),
]

KEY: list[tuple[str, Rule]] = [
    ("key-string <rest>", K1),
    ("accept-lifetime <rest>", K1),
    ("send-lifetime <rest>", K1),
    ("cryptographic-algorithm <word>", K1),
]

MODES: dict[str, tuple[str, str, list[tuple[str, Rule]]]] = {
    "objgrp-net": ("(config-network-group)", "config", OBJECT_NETWORK),
    "objgrp-svc": ("(config-service-group)", "config", OBJECT_SERVICE),
    "cmap": ("(config-cmap)", "config", CLASS_MAP),
    "pmap": ("(config-pmap)", "config", POLICY_MAP),
    "pmap-c": ("(config-pmap-c)", "pmap", POLICY_CLASS),
    "tacacs": ("(config-server-tacacs)", "config", TACACS),
    "dhcp": ("(dhcp-config)", "config", DHCP_POOL),
    "ipsla": ("(config-ip-sla)", "config", IP_SLA),
    "ipsla-echo": ("(config-ip-sla-echo)", "ipsla", IP_SLA_ECHO),
    "track": ("(config-track)", "config", TRACK),
    "keychain": ("(config-keychain)", "config", KEY_CHAIN),
    "keychain-key": ("(config-keychain-key)", "keychain", KEY),
}
