"""An access-list entry as IOS stores it, whatever form it was typed in.

* ``deny`` is padded to the width of ``permit`` (``deny   ip any any``);
* addresses: ``A 0.0.0.0`` is ``host A`` (plain ``A`` in a standard list, which drops
  ``host`` too), ``0.0.0.0 255.255.255.255`` is ``any``, and the host bits under the wildcard
  are cleared (``10.1.1.5 0.0.0.255`` -> ``10.1.1.0 0.0.0.255``);
* protocol numbers IOS names (``6`` -> ``tcp``) and TCP/UDP port numbers IOS names
  (``eq 80`` -> ``eq www``, ``eq 53`` -> ``eq domain``); ports IOS has no name for stay
  numbers (``eq 22``, ``eq 443``).
"""

from __future__ import annotations

import ipaddress

PROTOCOLS = {
    "0": "ip",
    "1": "icmp",
    "2": "igmp",
    "6": "tcp",
    "17": "udp",
    "47": "gre",
    "50": "esp",
    "51": "ahp",
    "88": "eigrp",
    "89": "ospf",
    "103": "pim",
}
TCP_PORTS = {
    "7": "echo",
    "9": "discard",
    "13": "daytime",
    "19": "chargen",
    "20": "ftp-data",
    "21": "ftp",
    "23": "telnet",
    "25": "smtp",
    "37": "time",
    "43": "whois",
    "49": "tacacs",
    "53": "domain",
    "70": "gopher",
    "79": "finger",
    "80": "www",
    "101": "hostname",
    "109": "pop2",
    "110": "pop3",
    "111": "sunrpc",
    "113": "ident",
    "119": "nntp",
    "135": "msrpc",
    "179": "bgp",
    "194": "irc",
    "496": "pim-auto-rp",
    "512": "exec",
    "513": "login",
    "514": "cmd",
    "515": "lpd",
    "517": "talk",
    "540": "uucp",
    "543": "klogin",
    "544": "kshell",
}
UDP_PORTS = {
    "7": "echo",
    "9": "discard",
    "37": "time",
    "42": "nameserver",
    "49": "tacacs",
    "53": "domain",
    "67": "bootps",
    "68": "bootpc",
    "69": "tftp",
    "111": "sunrpc",
    "123": "ntp",
    "137": "netbios-ns",
    "138": "netbios-dgm",
    "139": "netbios-ss",
    "161": "snmp",
    "162": "snmptrap",
    "177": "xdmcp",
    "195": "dnsix",
    "434": "mobile-ip",
    "496": "pim-auto-rp",
    "500": "isakmp",
    "512": "biff",
    "513": "who",
    "514": "syslog",
    "517": "talk",
    "520": "rip",
    "521": "ripv6",
    "4500": "non500-isakmp",
}
OPERATORS = {"eq": -1, "neq": -1, "lt": 1, "gt": 1, "range": 2}


def _ip(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def _address(words: list[str], i: int, standard: bool) -> tuple[list[str], int]:
    """One source or destination at ``words[i]``: its stored words and the next index."""
    if i >= len(words):
        return [], i
    word = words[i]
    if word == "any":
        return ["any"], i + 1
    if word == "host" and i + 1 < len(words):
        return ([words[i + 1]] if standard else ["host", words[i + 1]]), i + 2
    if word in ("object-group", "addrgroup") and i + 1 < len(words):
        return [word, words[i + 1]], i + 2
    if not _ip(word):
        return [word], i + 1
    if i + 1 < len(words) and _ip(words[i + 1]):
        wildcard = words[i + 1]
        if wildcard == "255.255.255.255":
            return ["any"], i + 2
        if wildcard == "0.0.0.0":
            return ([word] if standard else ["host", word]), i + 2
        cleared = int(ipaddress.IPv4Address(word)) & ~int(ipaddress.IPv4Address(wildcard))
        return [str(ipaddress.IPv4Address(cleared & 0xFFFFFFFF)), wildcard], i + 2
    return ([word] if standard else ["host", word]), i + 1


def _ports(words: list[str], i: int, names: dict[str, str]) -> tuple[list[str], int]:
    """``eq 80 443``, ``range 1 1023``, ``gt 1023`` at ``words[i]``, if any."""
    if i >= len(words) or words[i] not in OPERATORS:
        return [], i
    operator, count = words[i], OPERATORS[words[i]]
    out, j = [operator], i + 1
    while j < len(words) and (count < 0 or len(out) <= count):
        word = words[j]
        if not (word.isdigit() or word in names.values()):
            break
        out.append(names.get(word, word))
        j += 1
    return out, j


def entry_text(words: list[str], standard: bool) -> str:
    """The stored form of ``permit|deny|remark ...`` (the words after a sequence number)."""
    if not words or words[0] not in ("permit", "deny"):
        return " ".join(words)
    action = words[0].ljust(6)
    if standard:
        source, i = _address(words, 1, True)
        return " ".join([action, *source, *words[i:]])
    if len(words) < 2:
        return " ".join(words)
    protocol = PROTOCOLS.get(words[1], words[1])
    names = TCP_PORTS if protocol == "tcp" else UDP_PORTS if protocol == "udp" else {}
    source, i = _address(words, 2, False)
    source_ports, i = _ports(words, i, names) if names else ([], i)
    target, i = _address(words, i, False)
    target_ports, i = _ports(words, i, names) if names else ([], i)
    parts = [action, protocol, *source, *source_ports, *target, *target_ports, *words[i:]]
    return " ".join(parts)
