"""The NAPALM getters netauto offers (light: the facts command's --help reads it)."""

from __future__ import annotations

DEFAULT_GETTERS = ("facts", "interfaces", "interfaces_ip")
# NAPALM getters that take no argument and make sense for IOS.
GETTERS = (
    "facts",
    "interfaces",
    "interfaces_ip",
    "interfaces_counters",
    "environment",
    "arp_table",
    "lldp_neighbors",
    "lldp_neighbors_detail",
    "ntp_servers",
    "ntp_peers",
    "ntp_stats",
    "snmp_information",
    "users",
    "optics",
    "mac_address_table",
    "vlans",
    "network_instances",
    "bgp_neighbors",
)
