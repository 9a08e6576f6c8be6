"""Where a new line goes: the order in which IOS prints the running-config.

A new line joins the last line of its own family. The first line of a family listed here is
placed before the first line of a family IOS prints after it; a line of a family not listed
goes after the last line starting with the same word, or at the end (the lab's older rule).
"""

from __future__ import annotations

import re

from netauto.lab.configline import Line

# Top-level families, in the order ``show running-config`` prints them (IOS 15 and XE 17).
TOP = [
    r"version ",
    r"(no )?service ",
    r"hostname ",
    r"boot",
    r"vrf definition ",
    r"logging (buffered|console|monitor|persistent|queue-limit|rate-limit)",
    r"enable ",
    r"(no )?aaa ",
    r"clock ",
    r"ip dhcp excluded-address ",
    r"ip dhcp pool ",
    r"(no )?ip domain",
    r"ip host ",
    r"ip name-server ",
    r"(no )?ip cef",
    r"(no )?ipv6 (unicast-routing|cef)",
    r"object-group ",
    r"key chain ",
    r"username ",
    r"track ",
    r"(no )?(cdp|lldp) run",
    r"lacp ",
    r"ip (ssh|scp) ",
    r"class-map ",
    r"policy-map ",
    r"archive",
    r"interface ",
    r"router ",
    r"ip forward-protocol ",
    r"(no )?ip http ",
    r"ip nat ",
    r"ip route ",
    r"ipv6 route ",
    r"ip access-list ",
    r"ip prefix-list ",
    r"ipv6 prefix-list ",
    r"ip sla ",
    r"logging ",
    r"access-list ",
    r"ipv6 access-list ",
    r"route-map ",
    r"snmp-server ",
    r"tacacs server ",
    r"banner ",
    r"line ",
    r"ntp ",
]
# Interface lines, in the order IOS prints them.
INTERFACE = [
    r"description ",
    r"bandwidth ",
    r"mtu ",
    r"encapsulation ",
    r"vrf forwarding ",
    r"(no )?ip address",
    r"ip access-group ",
    r"ip helper-address ",
    r"(no )?ip (redirects|unreachables|proxy-arp)",
    r"ip mtu ",
    r"ip nat ",
    r"ip virtual-reassembly",
    r"ip ospf ",
    r"load-interval ",
    r"shutdown",
    r"duplex ",
    r"speed ",
    r"(no )?negotiation ",
    r"ipv6 ",
    r"standby ",
    r"tunnel source ",
    r"tunnel destination ",
    r"tunnel mode ",
    r"service-policy ",
]
_COMPILED = {
    "config": [re.compile(p) for p in TOP],
    "if": [re.compile(p) for p in INTERFACE],
}


def rank(mode: str, text: str) -> int | None:
    """The family's place in the mode's printing order, None if the lab does not order it."""
    for index, pattern in enumerate(_COMPILED.get(mode, [])):
        if pattern.match(text):
            return index
    return None


def _head(text: str) -> str:
    words = text.split()
    if words[:1] == ["no"]:
        words = words[1:]
    return words[0] if words else ""


_TYPES = ("Loopback", "Tunnel", "Port-channel")  # printed before the physical ports


def interface_key(text: str) -> tuple[int, str, list[int]]:
    """``interface GigabitEthernet0/1.100`` -> the place of that interface among the others:
    loopbacks, tunnels and port-channels first, then the ports, each subinterface after its
    parent."""
    name = text.split()[1] if len(text.split()) > 1 else ""
    kind = re.match(r"[A-Za-z-]+", name)
    prefix = kind.group(0) if kind else name
    numbers = [int(n) for n in re.findall(r"\d+", name[len(prefix) :])]
    if "." not in name:
        numbers.append(-1)  # the parent before its subinterfaces
    place = _TYPES.index(prefix) if prefix in _TYPES else len(_TYPES)
    return place, prefix if place == len(_TYPES) else "", numbers


def _insert_interface(children: list[Line], new: Line) -> bool:
    blocks = [i for i, c in enumerate(children) if c.text.startswith("interface ")]
    if not blocks:
        return False
    key = interface_key(new.text)
    later = [i for i in blocks if interface_key(children[i].text) > key]
    children.insert(later[0] if later else blocks[-1] + 1, new)
    return True


def insert(parent: Line, new: Line, mode: str, *, append: bool = False) -> None:
    """Insert ``new`` among ``parent``'s children where IOS would print it."""
    children = parent.children
    if append:
        children.append(new)
        return
    if mode == "config" and new.text.startswith("interface ") and _insert_interface(children, new):
        return
    key = "if" if mode in ("if-range", "subif") else mode
    if key == "if" and new.text.startswith("description"):
        children.insert(0, new)
        return
    mine = rank(key, new.text)
    if mine is not None:
        same = [i for i, c in enumerate(children) if rank(key, c.text) == mine]
        if same:
            children.insert(same[-1] + 1, new)
            return
        later = [
            i for i, c in enumerate(children) if (r := rank(key, c.text)) is not None and r > mine
        ]
        children.insert(later[0] if later else len(children), new)
        return
    first = _head(new.text)
    same = [i for i, c in enumerate(children) if _head(c.text) == first]
    children.insert(same[-1] + 1 if same else len(children), new)
