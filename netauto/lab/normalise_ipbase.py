"""How IOS stores the IP Base lines of :mod:`netauto.lab.grammar_ipbase`.

* ``class-map X`` is ``class-map match-all X``; DSCP numbers are names (``46`` -> ``ef``);
* ``police 8000`` gets IOS's default actions: ``police 8000 conform-action transmit
  exceed-action drop`` (two spaces between the actions, as IOS prints them);
* service object groups name their ports (``tcp eq 80`` -> ``tcp eq www``) and network
  object groups write a /32 as ``host``;
* a DHCP pool's ``network A /24`` is ``network A 255.255.255.0``;
* ``ip sla schedule`` options are printed in IOS's order: life, start-time, ageout, recurring.
"""

from __future__ import annotations

import ipaddress

from netauto.lab.aclwords import TCP_PORTS, UDP_PORTS

DSCP = {
    "0": "default",
    "8": "cs1",
    "10": "af11",
    "12": "af12",
    "14": "af13",
    "16": "cs2",
    "18": "af21",
    "20": "af22",
    "22": "af23",
    "24": "cs3",
    "26": "af31",
    "28": "af32",
    "30": "af33",
    "32": "cs4",
    "34": "af41",
    "36": "af42",
    "38": "af43",
    "40": "cs5",
    "46": "ef",
    "48": "cs6",
    "56": "cs7",
}
ACTIONS = ("conform-action", "exceed-action", "violate-action")


def _dscp(words: list[str]) -> list[str]:
    """``match [ip] dscp 46 34`` / ``set [ip] dscp 46`` with names."""
    if "dscp" not in words:
        return words
    at = words.index("dscp") + 1
    return words[:at] + [DSCP.get(w, w) for w in words[at:]]


def _police(words: list[str]) -> list[str]:
    head: list[str] = []
    actions: dict[str, str] = {}
    i = 1
    while i < len(words):
        if words[i] in ACTIONS and i + 1 < len(words):
            actions[words[i]] = words[i + 1]
            i += 2
            continue
        head.append(words[i])
        i += 1
    actions.setdefault("conform-action", "transmit")
    actions.setdefault("exceed-action", "drop")
    tail = "  ".join(f"{name} {actions[name]}" for name in ACTIONS if name in actions)
    return ["police", *head, tail]


def _service(words: list[str]) -> list[str]:
    names = {"tcp": TCP_PORTS, "udp": UDP_PORTS}.get(words[0], {})
    if words[0] == "tcp-udp":
        names = {k: v for k, v in TCP_PORTS.items() if UDP_PORTS.get(k) == v}
    return [words[0], *(names.get(w, w) for w in words[1:])]


def _schedule(words: list[str]) -> list[str]:
    options: dict[str, list[str]] = {}
    i, current = 4, ""
    while i < len(words):
        if words[i] in ("life", "start-time", "ageout", "recurring"):
            current = words[i]
            options[current] = []
        elif current:
            options[current].append(words[i])
        i += 1
    out = words[:4]
    for name in ("life", "start-time", "ageout", "recurring"):
        if name in options:
            out += [name, *options[name]]
    return out


def words(mode: str, found: list[str]) -> list[str] | None:
    """The stored words of an IP Base line, None when it is stored as typed."""
    if mode == "config" and found[:1] == ["class-map"] and len(found) == 2:
        return ["class-map", "match-all", found[1]]
    if mode == "config" and found[:3] == ["ip", "sla", "schedule"]:
        return _schedule(found)
    if (mode == "cmap" and found[:1] == ["match"]) or (mode == "pmap-c" and found[:1] == ["set"]):
        return _dscp(found)
    if mode == "pmap-c" and found[:1] == ["police"]:
        return _police(found)
    if mode == "objgrp-svc" and found[:1] in (["tcp"], ["udp"], ["tcp-udp"]):
        return _service(found)
    if mode == "objgrp-net" and len(found) == 2 and found[1] == "255.255.255.255":
        return ["host", found[0]]
    if mode == "dhcp" and found[:1] == ["network"] and len(found) == 3 and found[2][:1] == "/":
        network = ipaddress.IPv4Network(f"0.0.0.0{found[2]}")
        return ["network", found[1], str(network.netmask)]
    return None
