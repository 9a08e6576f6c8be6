"""Service ``show`` commands: access lists, the logging buffer, NTP and SNMP.

Unconfigured features answer as IOS does (``%NTP is not enabled.``, ``%SNMP agent not
enabled``), never with ``% Invalid input``. ACL counters are fixed per entry for lists applied
to an interface that is up, and absent otherwise, as on an idle router.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab import acls

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState


def _applied(router: RouterState) -> set[str]:
    names: set[str] = set()
    for block in router.interfaces():
        if block.find("shutdown") is not None:
            continue
        for child in block.children:
            words = child.text.split()
            if words[:2] == ["ip", "access-group"] and len(words) > 2:
                names.add(words[2])
    return names


def show_access_lists(router: RouterState, name: str | None = None) -> str:
    applied = _applied(router)
    out: list[str] = []
    for acl in acls.lists(router):
        if name is not None and acl.name != name:
            continue
        out.append(f"{'Standard' if acl.standard else 'Extended'} IP access list {acl.name}")
        for seq, text in acl.entries:
            shown = acls.display(text, acl.standard)
            if acl.name in applied:
                hits = zlib.crc32(f"{acl.name}/{seq}".encode()) % 900 + 3
                shown += f" ({hits} matches)"
            out.append(f"    {seq} {shown}")
    return "\n".join(out) + "\n" if out else ""


def show_logging(router: RouterState) -> str:
    buffered = router.running.top("logging buffered ") or "4096 debugging"
    words = buffered.split()
    size = words[0] if words and words[0].isdigit() else "4096"
    level = next((w for w in words if not w.isdigit()), "debugging")
    trap = router.running.top("logging trap ") or "informational"
    count = router.syslog.logged
    hosts = [
        c.text.split()[2] if c.text.startswith("logging host ") else c.text.split()[1]
        for c in router.running.children
        if c.text.startswith("logging host ")
        or (c.text.startswith("logging ") and c.text.split()[1][:1].isdigit())
    ]
    lines = [
        "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, "
        "0 overruns, xml disabled, filtering disabled)",
        "",
        "No Active Message Discriminator.",
        "",
        "",
        "",
        "No Inactive Message Discriminator.",
        "",
        "",
        f"    Console logging: level debugging, {count} messages logged, xml disabled,",
        "                     filtering disabled",
        "    Monitor logging: level debugging, 0 messages logged, xml disabled,",
        "                     filtering disabled",
        f"    Buffer logging:  level {level}, {count} messages logged, xml disabled,",
        "                    filtering disabled",
        "    Exception Logging: size (4096 bytes)",
        "    Count and timestamp logging messages: disabled",
        "    Persistent logging: disabled",
        "",
        "No active filter modules.",
        "",
        f"    Trap logging: level {trap}, {count + 4} message lines logged",
    ]
    for host in hosts:
        lines += [
            f"        Logging to {host}  (udp port 514, audit disabled,",
            "              link up),",
            f"              {count + 4} message lines logged, ",
            "              0 message lines rate-limited, ",
            "              0 message lines dropped-by-MD, ",
            "              xml disabled, sequence number disabled",
            "              filtering disabled",
        ]
    lines += ["        Logging Source-Interface:       VRF Name:", ""]
    lines += [f"Log Buffer ({size} bytes):", ""]
    lines += router.syslog.buffer()
    return "\n".join(lines) + "\n"


def _ntp_servers(router: RouterState) -> list[str]:
    out = []
    for child in router.running.children:
        words = child.text.split()
        if words[:2] in (["ntp", "server"], ["ntp", "peer"]) and len(words) > 2:
            out.append(words[4] if words[2] == "vrf" and len(words) > 4 else words[2])
    return out


def _ntp_enabled(router: RouterState) -> bool:
    return bool(_ntp_servers(router)) or router.running.top("ntp master") is not None


def show_ntp_associations(router: RouterState) -> str:
    if not _ntp_enabled(router):
        return "%NTP is not enabled.\n"
    lines = ["", "  address         ref clock       st   when   poll reach  delay  offset   disp"]
    master = router.running.top("ntp master")
    if master is not None:
        stratum = master.strip() or "8"
        lines.append(
            f"*~127.127.1.1     .LOCL.          {stratum:>2}     10     16   377  0.000   0.000"
            "  0.232"
        )
    for index, server in enumerate(_ntp_servers(router)):
        mark = "*~" if index == 0 and master is None else "+~"
        when = 17 + index * 7
        lines.append(
            f"{mark}{server:<16}.GPS.            1 {when:>6}     64   377  1.{index}12  "
            f"-0.2{index}3  0.9{index}7"
        )
    lines.append(" * sys.peer, # selected, + candidate, - outlyer, x falseticker, ~ configured")
    return "\n".join(lines) + "\n"


def show_ntp_associations_detail(router: RouterState) -> str:
    if not _ntp_enabled(router):
        return "%NTP is not enabled.\n"
    stamp = "E6F1E2A3.3B5C28F6 (10:12:13.231 UTC Mon Jan 6 2025)"
    out: list[str] = []
    for index, server in enumerate(_ntp_servers(router)):
        role = "our_master" if index == 0 else "selected"
        out += [
            f"{server} configured, ipv4, {role}, sane, valid, stratum 1",
            f"ref ID .GPS., time {stamp}",
            "our mode client, peer mode server, our poll intvl 64, peer poll intvl 64",
            f"root delay 0.00 msec, root disp 0.45, reach 377, sync dist 1.6{index}3",
            f"delay 1.{index}12 msec, offset -0.2{index}3 msec, dispersion 0.9{index}7, "
            "jitter 0.31 msec",
            "precision 2**20, version 4",
            f"assoc id {37221 + index}, assoc name {server}",
            "assoc in packets 5524, assoc out packets 5524, assoc error packets 0",
            "org time 00000000.00000000 (00:00:00.000 UTC Mon Jan 1 1900)",
            f"rec time {stamp}",
            f"xmt time {stamp}",
            "filtdelay =     1.01    1.02    1.00    1.03    1.01    1.02    1.00    1.01",
            "filtoffset =   -0.21   -0.22   -0.20   -0.21   -0.23   -0.21   -0.22   -0.20",
            "filterror =     0.02    0.99    1.97    2.94    3.92    4.90    5.87    6.85",
            "minpoll = 6, maxpoll = 10",
            "",
        ]
    return "\n".join(out) + "\n"


def show_ntp_status(router: RouterState) -> str:
    if not _ntp_enabled(router):
        return "%NTP is not enabled.\n"
    servers = _ntp_servers(router)
    reference = servers[0] if servers else "127.127.1.1"
    stratum = 2 if servers else int((router.running.top("ntp master") or "8").strip() or 8)
    return (
        f"Clock is synchronized, stratum {stratum}, reference is {reference}    \n"
        "nominal freq is 250.0000 Hz, actual freq is 250.0000 Hz, precision is 2**10\n"
        "ntp uptime is 353500 (1/100 of seconds), resolution is 4000\n"
        "reference time is E6F1E2A3.3B5C28F6 (10:12:13.231 UTC Mon Jan 6 2025)\n"
        "clock offset is -0.2130 msec, root delay is 1.01 msec\n"
        "root dispersion is 3.95 msec, peer dispersion is 0.93 msec\n"
        "loopfilter state is 'CTRL' (Normal Controlled Loop), drift is 0.000000000 s/s\n"
        "system poll interval is 64, last update was 17 sec ago.\n"
    )


def _snmp_lines(router: RouterState, kind: str) -> list[list[str]]:
    prefix = ["snmp-server", kind]
    return [c.text.split() for c in router.running.children if c.text.split()[:2] == prefix]


def snmp_enabled(router: RouterState) -> bool:
    return any(c.text.startswith("snmp-server ") for c in router.running.children)


NOT_ENABLED = "%SNMP agent not enabled\n"


def show_snmp(router: RouterState, what: str) -> str:
    if not snmp_enabled(router):
        return NOT_ENABLED
    if what == "chassis":
        chassis = router.running.top("snmp-server chassis-id ")
        return (chassis or router.identity.serial) + "\n"
    if what == "community":
        out = []
        for words in _snmp_lines(router, "community"):
            acl = next((w for w in words[3:] if w.upper() not in ("RO", "RW")), None)
            tail = f"\taccess-list: {acl}" if acl else ""
            out.append(
                f"Community name: {words[2]}\nCommunity Index: {words[2]}\n"
                f"Community SecurityName: {words[2]}\nstorage-type: nonvolatile\t active{tail}\n\n"
            )
        return "".join(out)
    if what == "user":
        engine = "800000090300" + router.identity.mac(1).replace(".", "").upper()
        out = []
        for words in _snmp_lines(router, "user"):
            auth = words[words.index("auth") + 1].upper() if "auth" in words else "None"
            priv = "None"
            if "priv" in words:
                at = words.index("priv")
                priv = words[at + 1].upper() + (words[at + 2] if words[at + 1] == "aes" else "")
            out.append(
                f"User name: {words[2]}\nEngine ID: {engine}\n"
                f"storage-type: nonvolatile\t active\nAuthentication Protocol: {auth}\n"
                f"Privacy Protocol: {priv}\nGroup-name: {words[3]}\n\n"
            )
        return "".join(out)
    if what == "group":
        out = []
        for words in _snmp_lines(router, "group"):
            level = f" {words[4]}" if len(words) > 4 and words[3] == "v3" else ""
            model = words[3] if len(words) > 3 else "v1"
            read = words[words.index("read") + 1] if "read" in words else "v1default"
            out.append(
                f"groupname: {words[2]:<33}security model:{model}{level} \n"
                "contextname: <no context specified>         storage-type: nonvolatile\n"
                f"readview : {read:<33}writeview: <no writeview specified>        \n"
                "notifyview: <no notifyview specified>       \nrow status: active\n\n"
            )
        return "".join(out)
    location = router.running.top("snmp-server location ") or ""
    contact = router.running.top("snmp-server contact ") or ""
    if what in ("location", "contact"):
        return (location if what == "location" else contact) + "\n"
    return (
        f"Chassis: {router.identity.serial}\nContact: {contact}\nLocation: {location}\n"
        "0 SNMP packets input\n    0 Bad SNMP version errors\n    0 Unknown community name\n"
        "0 SNMP packets output\n\nSNMP logging: disabled\n"
    )


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[Session, list[str]], str]) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh, values)

        command(pattern, level=1)(handler)

    shows("show access-lists", lambda s, v: show_access_lists(s.router))
    shows("show access-lists <word>", lambda s, v: show_access_lists(s.router, v[0]))
    shows("show ip access-lists", lambda s, v: show_access_lists(s.router))
    shows("show ip access-lists <word>", lambda s, v: show_access_lists(s.router, v[0]))
    shows("show logging", lambda s, v: show_logging(s.router))
    shows("show ntp associations", lambda s, v: show_ntp_associations(s.router))
    shows("show ntp associations detail", lambda s, v: show_ntp_associations_detail(s.router))
    shows("show ntp status", lambda s, v: show_ntp_status(s.router))
    shows("show snmp", lambda s, v: show_snmp(s.router, ""))
    for what in ("chassis", "community", "user", "group", "location", "contact"):
        shows(f"show snmp {what}", _snmp_handler(what))


def _snmp_handler(what: str) -> Callable[[Session, list[str]], str]:
    return lambda sh, values: show_snmp(sh.router, what)
