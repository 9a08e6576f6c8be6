"""Interface configuration beyond storing lines, as IOS does it.

* ``interface range Gi0/0 - 1, Gi0/2``: each following line applies to every member; the range
  itself is not stored;
* ``default interface X``: the interface back to its factory lines (IOS prints
  ``Interface X set to default configuration``);
* ``no interface`` of a port: ``% Removal of physical interfaces is not permitted``;
* an address whose subnet overlaps another up interface's in the same VRF is refused
  (``% 10.1.1.0 overlaps with GigabitEthernet0/0``); a primary address cannot go while
  secondaries stay.
"""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING

from netauto.lab import order
from netauto.lab.configline import Line, Range, split
from netauto.lab.parse import ParseError, canonical_interface, refuse

if TYPE_CHECKING:
    from netauto.lab.configtree import Configurator
    from netauto.lab.rules import Rule

MODES = ("if", "subif")  # the interface modes (a subinterface has its own prompt)
PORTS = ("GigabitEthernet", "FastEthernet", "TenGigabitEthernet", "Serial")
_RANGE = re.compile(r"^([A-Za-z-]+)\s*((?:\d+/)*)(\d+)(?:\s*-\s*(\d+))?$")


def is_port(name: str) -> bool:
    return name.startswith(PORTS) and "." not in name


def _members(text: str) -> list[str]:
    """``GigabitEthernet0/0 - 1 , Gi0/2`` -> the interface names; ParseError if not a range."""
    names: list[str] = []
    for part in text.split(","):
        found = _RANGE.match(part.strip())
        if not found:
            raise ParseError("invalid", 0, part)
        kind, slot, first, last = found.groups()
        for number in range(int(first), int(last or first) + 1):
            name = canonical_interface(f"{kind}{slot}{number}")
            if name is None:
                raise ParseError("invalid", 0, part)
            names.append(name)
    return names


def enter(conf: Configurator, rule: Rule | None, words: list[str], negate: bool) -> bool | None:
    """``interface range ...`` and ``no interface PORT``; None for the ordinary forms."""

    root = conf.root
    if words[1:2] == ["range"] and len(words) > 2:
        if negate:
            raise ParseError("invalid", 0, "range")
        members, created = [], False
        for name in _members(" ".join(words[2:])):
            block = root.find(f"interface {name}")
            if block is None:
                block = Line(f"interface {name}", block=True, children=[Line("no ip address")])
                order.insert(root, block, "config", append=conf.append)
                created = True
            members.append(block)
        conf.path.append(("if-range", Range(" ".join(words), block=True, members=members)))
        return created
    if negate and len(words) == 2 and is_port(words[1]):
        raise refuse("% Removal of physical interfaces is not permitted")
    return None


def each(conf: Configurator, group: Line, rule: Rule | None, words: list[str], neg: bool) -> bool:
    """A line typed in ``interface range`` mode, applied to every member."""
    changed = False
    saved = list(conf.path)
    try:
        for member in getattr(group, "members", []):
            conf.path[-1] = ("subif" if "." in member.text else "if", member)
            changed = conf._dispatch(rule, words, neg) or changed
    finally:
        conf.path[:] = saved
    return changed


def factory_lines(name: str, xe: bool) -> list[str]:
    """What ``default interface`` leaves: a port shut down with its media lines, a virtual
    interface with no address."""
    if not is_port(name):
        return ["no ip address"]
    media = ["negotiation auto"] if xe else ["duplex auto", "speed auto"]
    return ["no ip address", "shutdown", *media]


def is_default_interface(conf: Configurator, words: list[str]) -> bool:
    return conf.mode == "config" and words[:1] == ["interface"] and len(words) == 2


def default_interface(conf: Configurator, words: list[str]) -> bool:

    name = words[1]
    block = conf.root.find(f"interface {name}")
    if block is None:
        return False
    before = [c.text for c in block.children]
    block.children = [Line(text) for text in factory_lines(name, conf.xe)]
    conf.notices.append(f"Interface {name} set to default configuration")
    return before != [c.text for c in block.children]


SUBIF = (
    "% Configuring IP routing on a LAN subinterface is only allowed if that \n"
    "subinterface is already configured as part of an IEEE 802.10, IEEE 802.1Q, \n"
    "or ISL vLAN."
)


def _vrf(block: Line) -> str:
    for child in block.children:
        found = child.text.split()
        if found[:2] in (["vrf", "forwarding"], ["ip", "vrf"]) and len(found) > 2:
            return found[-1]
    return ""


def _networks(block: Line) -> list[ipaddress.IPv4Network]:
    out = []
    for child in block.children:
        found = child.text.split()
        if found[:2] == ["ip", "address"] and len(found) >= 4 and found[2] != "dhcp":
            out.append(ipaddress.IPv4Interface(f"{found[2]}/{found[3]}").network)
    return out


def unaddressed(block: Line) -> bool:
    return not any(c.text.startswith("ip address") for c in block.children)


def check(conf: Configurator, words: list[str], negate: bool) -> bool | None:
    """Interface address checks; None when the line is stored the ordinary way."""

    found = split(words)
    block = conf.path[-1][1]
    if found == ["tunnel", "mode", "gre", "ip"] and not negate:
        modes = [c for c in block.children if c.text.startswith("tunnel mode ")]
        for line in modes:
            block.children.remove(line)  # the default mode, which IOS does not print
        return bool(modes)
    if found[:2] != ["ip", "address"] or len(found) < 4 or found[2] == "dhcp":
        return None
    if negate:
        return _remove_address(block, found)
    name = block.text.split()[1]
    if "." in name and not any(c.text.startswith("encapsulation ") for c in block.children):
        raise refuse(SUBIF)
    try:
        address = ipaddress.IPv4Interface(f"{found[2]}/{found[3]}")
    except ValueError:
        raise ParseError("invalid", 0, found[3]) from None
    network = address.network
    if network.prefixlen < 31 and address.ip in (
        network.network_address,
        network.broadcast_address,
    ):
        raise refuse(f"Bad mask /{network.prefixlen} for address {address.ip}")
    if block.find("shutdown") is not None:
        return None
    for other in conf.root.children:
        if other is block or not other.text.startswith("interface "):
            continue
        if other.find("shutdown") is not None or _vrf(other) != _vrf(block):
            continue
        if any(network.overlaps(net) for net in _networks(other)):
            raise refuse(
                f"% {network.network_address} overlaps with {other.text.split()[1]}\n"
                f"{name}: incorrect IP address assignment"
            )
    return None


def _remove_address(block: Line, found: list[str]) -> bool:

    text = " ".join(found)
    if found[4:5] == ["secondary"]:
        gone = block.find(text)
        if gone is not None:
            block.children.remove(gone)
        return gone is not None
    primary = block.find(text)
    if primary is None:
        return False
    if any(c.text.endswith(" secondary") for c in block.children):
        raise refuse("Must delete secondary before deleting primary")
    at = block.children.index(primary)
    block.children[at] = Line("no ip address")
    return True
