"""How IOS stores what was typed, and what it does beside storing a line.

* forms IOS rewrites: ``logging 192.0.2.9`` is ``logging host 192.0.2.9``,
  ``snmp-server community x`` is ``snmp-server community x RO``,
  ``ip domain-name X`` is ``ip domain name X``, ``ip domain-lookup`` is ``ip domain lookup``;
  keywords are stored as IOS prints them (``RO``, ``dot1Q``) by the grammar itself;
* passwords: type 0 (``username x password y``, ``enable password``, a line's ``password``,
  a TACACS+ ``key``, a ``key-string``) is kept in clear (``username`` shows ``password 0``)
  until ``service password-encryption``, which turns them all into type 7, and so is every
  password typed afterwards; ``no service password-encryption`` leaves them type 7;
  ``ntp authentication-key`` is always stored type 7;
* ``ip name-server A B`` is one line per server on IOS 15 and one line on IOS XE;
* IOS 15 turns on ``ip virtual-reassembly in`` with NAT on an interface (IOS XE does not).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netauto.lab import ifconfig, normalise_ipbase, type7
from netauto.lab.configline import Line, split

if TYPE_CHECKING:
    from netauto.lab.configtree import Configurator

REWRITES: dict[tuple[str, ...], list[str]] = {
    ("ip", "domain-name"): ["ip", "domain", "name"],
    ("ip", "domain-lookup"): ["ip", "domain", "lookup"],
}


def encrypting(root: Line) -> bool:
    return root.find("service password-encryption") is not None


def _password(words: list[str], at: int, on: bool, zero: bool) -> list[str]:
    """``words[at:]`` is a password with an optional type: its stored form."""
    rest = words[at:]
    if len(rest) >= 2 and rest[0].isdigit():
        kind, clear = rest[0], " ".join(rest[1:])
        if kind != "0":
            return words
    else:
        clear = " ".join(rest)
    if not clear:
        return words
    if on:
        return [*words[:at], "7", type7.encode(clear)]
    return [*words[:at], *(["0"] if zero else []), clear]


def words(conf: Configurator, typed: list[str], negate: bool) -> list[str]:
    """The words IOS stores for a line typed as ``typed`` in the current mode."""

    mode = conf.mode
    found = split(typed)
    ipbase = normalise_ipbase.words(mode, found) if found else None
    if ipbase is not None:
        return ipbase
    rewrite = REWRITES.get(tuple(found[:2]))
    if mode == "config" and rewrite:
        return rewrite + found[2:]
    if mode in ("if", "subif") and found == ["ip", "virtual-reassembly"]:
        return ["ip", "virtual-reassembly", "in"]
    if mode == "config" and len(found) == 2 and found[0] == "logging" and found[1][:1].isdigit():
        return ["logging", "host", found[1]]
    if negate:
        return typed
    community = mode == "config" and found[:2] == ["snmp-server", "community"]
    if community and len(found) >= 3 and found[3:4] not in (["RO"], ["RW"], ["view"]):
        return [*found[:3], "RO", *found[3:]]  # IOS's default access
    on = encrypting(conf.root)
    if mode == "config" and found[:1] == ["username"] and "password" in found[2:]:
        return _password(found, found.index("password", 2) + 1, on, zero=True)
    if mode == "config" and found[:2] == ["enable", "password"] and found[2:3] != ["level"]:
        return _password(found, 2, on, zero=False)
    if mode == "config" and found[:2] == ["ntp", "authentication-key"] and len(found) == 5:
        return [*found[:4], type7.encode(found[4]), "7"]
    if (mode, found[:1]) in (("line", ["password"]), ("tacacs", ["key"])):
        return _password(found, 1, on, zero=False)
    if mode == "keychain-key" and found[:1] == ["key-string"]:
        return _password(found, 1, on, zero=False)
    return typed


def name_servers(conf: Configurator, typed: list[str], negate: bool) -> bool | None:
    """``ip name-server [vrf V] A B ...``: one stored line per server."""
    from netauto.lab import order

    found = split(typed)
    if found[:2] != ["ip", "name-server"] or len(found) < 3:
        return None
    head = found[:4] if found[2:3] == ["vrf"] else found[:2]
    servers = found[len(head) :]
    root, changed = conf.root, False
    for server in servers:
        text = " ".join([*head, server])
        existing = root.find(text)
        if negate and existing is not None:
            root.children.remove(existing)
            changed = True
        elif not negate and existing is None:
            order.insert(root, Line(text), "config", append=conf.append)
            changed = True
    return changed


# Children holding a password: (parent's first word, the line's first word).
SECRET_CHILDREN = [(["line"], ["password"]), (["tacacs"], ["key"]), (["key"], ["key-string"])]


def encrypt_all(node: Line, parent: str = "") -> bool:
    """``service password-encryption``: every type-0 password in the tree becomes type 7."""
    changed = False
    for child in node.children:
        found = child.text.split()
        new = found
        if found[:1] == ["username"] and "password" in found[2:]:
            new = _password(found, found.index("password", 2) + 1, True, zero=True)
        elif found[:2] == ["enable", "password"] and found[2:3] != ["level"]:
            new = _password(found, 2, True, zero=False)
        elif (parent.split()[:1], found[:1]) in SECRET_CHILDREN:
            new = _password(found, 1, True, zero=False)
        if new != found:
            child.text = " ".join(new)
            changed = True
        if child.children:
            changed = encrypt_all(child, child.text) or changed
    return changed


def after(conf: Configurator, typed: list[str], negate: bool) -> bool:
    """What IOS does beside storing the line; True if that changed the tree."""

    mode, parent = conf.path[-1]
    found = split(typed)
    if mode == "config" and found == ["service", "password-encryption"] and not negate:
        return encrypt_all(conf.root)
    if mode == "config" and negate and found[:2] == ["ip", "sla"] and found[2:3] != ["schedule"]:
        schedules = [
            c
            for c in conf.root.children
            if c.text.split()[:4] == ["ip", "sla", "schedule", *found[2:3]]
        ]
        for line in schedules:
            conf.root.children.remove(line)  # the operation takes its schedule with it
        return bool(schedules)
    media = found[:1] in (["speed"], ["duplex"], ["negotiation"])
    if mode == "if" and negate and media and ifconfig.is_port(parent.text.split()[-1]):
        return _media_default(conf, parent, found)
    if mode in ("if", "subif") and found[:2] == ["ip", "nat"] and not conf.xe:
        nat = any(c.text.startswith("ip nat ") for c in parent.children)
        reassembly = parent.find("ip virtual-reassembly in")
        if nat and reassembly is None:
            at = max(i for i, c in enumerate(parent.children) if c.text.startswith("ip nat "))
            parent.children.insert(at + 1, Line("ip virtual-reassembly in"))
            return True
        if not nat and reassembly is not None:
            parent.children.remove(reassembly)
            return True
    return False


def _media_default(conf: Configurator, block: Line, found: list[str]) -> bool:
    """A port's media settings IOS always prints: ``no speed`` leaves ``speed auto`` (IOS 15),
    ``no negotiation auto`` is printed as such (IOS XE)."""
    from netauto.lab import order

    if found[:1] in (["speed"], ["duplex"]) and not conf.xe:
        if any(c.text.split()[:1] == found[:1] for c in block.children):
            return False
        order.insert(block, Line(f"{found[0]} auto"), "if")
        return True
    if found == ["negotiation", "auto"] and conf.xe and block.find("no negotiation auto") is None:
        order.insert(block, Line("no negotiation auto"), "if")
        return True
    return False


def printed(children: list[Line], xe: bool) -> list[Line]:
    """The top-level lines as printed: IOS XE shows the name servers on one line."""
    if not xe:
        return children

    out: list[Line] = []
    for child in children:
        found = child.text.split()
        last = out[-1].text.split() if out else []
        server = found[:2] == ["ip", "name-server"] and len(found) == 3 and found[2] != "vrf"
        if server and last[:2] == ["ip", "name-server"] and last[2:3] != ["vrf"]:
            out[-1] = Line(f"{out[-1].text} {found[2]}")
            continue
        out.append(child)
    return out
