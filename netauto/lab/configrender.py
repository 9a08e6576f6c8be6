"""The running-config tree printed as ``show running-config`` prints it, and IOS's contextual
diff of two trees (``show archive config differences``)."""

from __future__ import annotations

import re

from netauto.lab import acls, normalise
from netauto.lab.configline import Line, is_xe

# IOS keeps SNMPv3 users out of the running-config (``show snmp user`` lists them).
HIDDEN = ("snmp-server user ",)
# Blocks IOS prints without a ``!`` after them (the schedule follows ``ip sla N`` directly).
OPEN = re.compile(r"^ip sla \d+$")


def render(root: Line) -> list[str]:
    """The config lines as ``show running-config`` prints them (no header, no ``end``)."""
    xe = is_xe(root)
    out: list[str] = []
    for child in normalise.printed(root.children, xe):
        if child.text.startswith(HIDDEN):
            continue
        if child.block or child.children:
            if out and out[-1] != "!":
                out.append("!")
            out.append(child.text)
            out.extend(_render_children(child, 1, xe))
            if not OPEN.match(child.text):
                out.append("!")
        else:
            out.append(child.text)
    return out


def _render_children(node: Line, depth: int, xe: bool) -> list[str]:
    out: list[str] = []
    for child in node.children:
        # a certificate's closing quit is tab-indented in IOS XE's output
        quit = child.text == "quit" and node.text.startswith("certificate ")
        out.append(" " * depth + ("\t" if quit else "") + acls.printed(node, child, xe))
        if child.block or child.children:
            out.extend(_render_children(child, depth + 1, xe))
            if child.text.startswith("address-family"):
                out.append(" " * depth + "exit-address-family")
            elif child.text.startswith("vrrp "):  # IOS XE's VRRPv3 block
                out.append(" " * depth + "exit-vrrp")
    return out


def contextual_diff(old: Line, new: Line) -> list[str]:
    """IOS ``show archive config differences``: additions first, then removals."""
    return _walk(new, old, "+", 0) + _walk(old, new, "-", 0)


def _walk(this: Line, other: Line, sign: str, depth: int) -> list[str]:
    out: list[str] = []
    for child in this.children:
        twin = other.find(child.text)
        if twin is None:
            out.append(" " * depth + sign + child.text)
            out.extend(_signed(child, sign, depth + 1))
        elif child.children:
            below = _walk(child, twin, sign, depth + 1)
            if below:
                out.append(" " * depth + child.text)
                out.extend(below)
    return out


def _signed(node: Line, sign: str, depth: int) -> list[str]:
    out: list[str] = []
    for child in node.children:
        out.append(" " * depth + sign + child.text)
        out.extend(_signed(child, sign, depth + 1))
    return out
