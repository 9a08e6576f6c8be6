"""The session and the system seen from the CLI: ``show terminal``, ``show line``,
``show ip ssh``, ``show ip http server status``, ``show clock detail``, ``show processes``.

Line numbers follow the CISCO2911 and ISR4331 layout: con 0 is tty 0, aux 0 is 1, vty N is
2 + N. Exec timeouts come from the ``line vty`` block; SSH and HTTP settings from the config.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netauto.lab import figures
from netauto.lab.state import clock

if TYPE_CHECKING:
    from netauto.lab.shell import Session
    from netauto.lab.state import RouterState


def _vty_count(router: RouterState) -> int:
    last = 4
    for child in router.running.children:
        words = child.text.split()
        if words[:2] == ["line", "vty"] and words[-1].isdigit():
            last = max(last, int(words[-1]))
    return last + 1


def _exec_timeout(router: RouterState) -> str:
    for child in router.running.children:
        if child.text.startswith("line vty"):
            value = child.top("exec-timeout ")
            if value is not None:
                parts = [int(x) for x in value.split()] + [0]
                if parts[0] == 0 and parts[1] == 0:
                    return "never"
                return f"{parts[0] // 60:02d}:{parts[0] % 60:02d}:{parts[1]:02d}"
    return "00:10:00"


def _transports(router: RouterState) -> str:
    for child in router.running.children:
        if child.text.startswith("line vty"):
            value = child.top("transport input ")
            if value:
                return value.replace("all", "telnet ssh")
    return "telnet ssh" if not router.model.xe else "ssh"


def show_terminal(sh: Session) -> str:
    kind = "vt100"
    try:
        kind = sh.process.get_terminal_type() or "vt100"
    except Exception:  # an exec channel has no terminal
        kind = ""
    active = int(time.time() - sh.started)
    since = f"{active // 3600:02d}:{active % 3600 // 60:02d}:{active % 60:02d}"
    return f"""\
Line {2 + sh.vty}, Location: "", Type: "{kind}"
Length: {sh.term_length} lines, Width: {sh.term_width} columns
Baud rate (TX/RX) is 9600/9600
Status: PSI Enabled, Ready, Active, No Exit Banner, Automore On
Capabilities: none
Modem state: Ready
Group codes:    0
Special Chars: Escape  Hold  Stop  Start  Disconnect  Activation
                ^^x    none   -     -       none         
Timeouts:      Idle EXEC    Idle Session   Modem Answer  Session   Dispatch
               {_exec_timeout(sh.router)}        never                        none     not set
                            Idle Session Disconnect Warning
                              never 
                            Login-sequence User Response
                             00:00:30
                            Autoselect Initial Wait
                              not set 
Modem type is unknown.
Session limit is not set.
Time since activation: {since}
Editing is enabled.
History is enabled, history size is 20.
DNS resolution in show commands is enabled
Full user help is disabled
Allowed input transports are {_transports(sh.router)}.
Allowed output transports are telnet ssh.
Preferred transport is telnet.
No output characters are padded
No special data dispatching characters
"""  # noqa: W291


def show_line(sh: Session) -> str:
    router = sh.router
    used = {2 + s.vty: s for s in router.lines}
    lines = ["   Tty Line Typ     Tx/Rx    A Modem  Roty AccO AccI  Uses   Noise  Overruns   Int"]
    rows = [(0, "CTY", ""), (1, "AUX", "9600/9600")]
    rows += [(2 + n, "VTY", "") for n in range(_vty_count(router))]
    for tty, kind, speed in rows:
        mark = "*" if tty in used or tty == 0 else " "
        uses = router.logins if kind == "VTY" and tty == 2 else 0
        lines.append(
            f"{mark}{tty:>6}{tty:>5} {kind:<4}{speed:>11}  -    -      -    -    -  {uses:>5}"
            "       0     0/0       -"
        )
    last = rows[-1][0]
    lines += [
        "",
        "Line(s) not in async mode -or- with no hardware support: ",
        f"{last + 1}-{last + 4}",
    ]
    return "\n".join(lines) + "\n\n"


def show_ip_ssh(router: RouterState) -> str:
    version = router.running.top("ip ssh version ")
    timeout = router.running.top("ip ssh time-out ") or "120"
    retries = router.running.top("ip ssh authentication-retries ") or "3"
    return (
        f"SSH Enabled - version {'2.0' if version == '2' else '1.99'}\n"
        "Authentication methods:publickey,keyboard-interactive,password\n"
        "Authentication Publickey Algorithms:x509v3-ssh-rsa,ssh-rsa,ecdsa-sha2-nistp256,"
        "ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-256,rsa-sha2-512\n"
        "Hostkey Algorithms:x509v3-ssh-rsa,rsa-sha2-512,rsa-sha2-256,ssh-rsa\n"
        "Encryption Algorithms:aes128-ctr,aes192-ctr,aes256-ctr\n"
        "MAC Algorithms:hmac-sha2-256,hmac-sha2-512,hmac-sha1,hmac-sha1-96\n"
        "KEX Algorithms:diffie-hellman-group-exchange-sha1,diffie-hellman-group14-sha1\n"
        f"Authentication timeout: {timeout} secs; Authentication retries: {retries}\n"
        "Minimum expected Diffie Hellman key size : 2048 bits\n"
        f"IOS Keys in SECSH format(ssh-rsa, base64 encoded): {router.hostname}.{router.domain}\n"
    )


def show_ip_http_server_status(router: RouterState) -> str:
    http = "Disabled" if router.has("no ip http server") else "Enabled"
    https = "Disabled" if router.has("no ip http secure-server") else "Enabled"
    return f"""\
HTTP server status: {http}
HTTP server port: 80
HTTP server active supplementary listener ports: 
HTTP server authentication method: enable
HTTP server auth-retry 0 time-window 0
HTTP server digest algorithm: md5
HTTP server access class: 0
HTTP server IPv4 access class: None
HTTP server IPv6 access class: None
HTTP server base path: flash:
HTTP File Upload status: Disabled
HTTP server upload path: 
HTTP server help root: 
Maximum number of concurrent server connections allowed: 300
Maximum number of secondary server connections allowed: 50
Server idle time-out: 180 seconds
Server life time-out: 180 seconds
Server session idle time-out: 600 seconds
Maximum number of requests allowed on a connection: 25
Server linger time : 60 seconds
HTTP server active session modules: ALL
HTTP secure server capability: Present
HTTP secure server status: {https}
HTTP secure server port: 443
HTTP secure server ciphersuite: aes-128-cbc-sha aes-256-cbc-sha dhe-aes-128-cbc-sha 
        ecdhe-rsa-aes-128-cbc-sha rsa-aes-cbc-sha2 rsa-aes-gcm-sha2 
        dhe-aes-cbc-sha2 dhe-aes-gcm-sha2 ecdhe-rsa-aes-cbc-sha2 ecdhe-rsa-aes-gcm-sha2 
HTTP secure server TLS version:  TLSv1.2 TLSv1.1 
HTTP secure server client authentication: Disabled
HTTP secure server PIV authentication: Disabled
HTTP secure server PIV authorization only: Disabled
HTTP secure server trustpoint: 
HTTP secure server ECDHE curve: secp256r1
HTTP secure server active session modules: ALL
"""  # noqa: W291


def show_clock(router: RouterState, detail: bool) -> str:
    now = time.time()
    synced = any(c.text.startswith("ntp server") for c in router.running.children)
    text = clock(now)
    line = f"{'' if synced else '*'}{text[:8]}.{int(now * 1000) % 1000:03d}{text[8:]}\n"
    if not detail:
        return line
    return line + ("Time source is NTP\n" if synced else "No time source\n")


PROCESSES = [
    (1, "Cwe", 0, 1, "Chunk Manager"),
    (2, "Csp", 8, 1534, "Load Meter"),
    (3, "Mwe", 0, 1, "Connection Mgr"),
    (4, "Lst", 11876, 24380, "Check heaps"),
    (5, "Cwe", 0, 173, "Pool Manager"),
    (6, "Mst", 0, 2, "Timers"),
    (7, "Mwe", 112, 7321, "Net Input"),
    (8, "Mwe", 44, 3111, "ARP Input"),
    (9, "Mwe", 268, 40212, "CEF: IPv4 process"),
    (10, "Msp", 40, 611, "SSH Process"),
    (11, "Mwe", 520, 94312, "IP Input"),
    (12, "Mwe", 28, 1820, "OSPF-1 Hello"),
]


def show_processes(router: RouterState, words: list[str]) -> str:
    five_sec, one_min, five_min = figures.CPU
    head = (
        f"CPU utilization for five seconds: {five_sec}%/{figures.CPU_INTERRUPT}%; "
        f"one minute: {one_min}%; five minutes: {five_min}%\n"
    )
    if words[:1] and "memory".startswith(words[0]):
        pool = figures.memory(router)
        total, used = pool.total, pool.used
        lines = [
            f"Processor Pool Total: {total:>10} Used: {used:>10} Free: {total - used:>10}",
            # ntc-templates reads IOS XE's second pool line; IOS 15's I/O pool line is left out
            f" lsmpi_io Pool Total: {6295128:>10} Used: {6294296:>10} Free: {832:>10}"
            if router.model.xe
            else "",
            "",
            " PID TTY  Allocated      Freed    Holding    Getbufs    Retbufs Process",
        ]
        rows: list[tuple[int, int, int, int, str]] = [(0, 82360872, 17620408, 59420664, "*Init*")]
        rows += [(pid, 40000 + pid * 9173, pid * 211, 30000 + pid * 7001, name)
                 for pid, _, _, _, name in PROCESSES]  # fmt: skip
        if len(words) > 1:
            rows.sort(key=lambda r: -r[3])
        for pid, allocated, freed, holding, name in rows:
            lines.append(
                f"{pid:>4}   0 {allocated:>10} {freed:>10} {holding:>10}          0          0 "
                f"{name:<16}"
            )
        lines += ["", f"{sum(r[3] for r in rows)} Total"]
        return "\n".join(lines) + "\n"
    if words[:1] and "cpu".startswith(words[0]):
        lines = [
            head.rstrip(),
            " PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process ",
        ]
        ordered = sorted(PROCESSES, key=lambda p: -p[2]) if len(words) > 1 else PROCESSES
        for pid, _, runtime, invoked, name in ordered:
            usecs = runtime * 1000 // max(invoked, 1)
            lines.append(
                f"{pid:>4}{runtime:>12}{invoked:>12}{usecs:>11}  0.00%  0.00%  0.00%   0 {name:<17}"
            )
        return "\n".join(lines) + "\n"
    lines = [
        head.rstrip(),
        " PID QTy       PC Runtime(ms)    Invoked   uSecs    Stacks TTY Process",
    ]
    for pid, qty, runtime, invoked, name in PROCESSES:
        usecs = runtime * 1000 // max(invoked, 1)
        pc = f"{0x2B5A6A04 + pid * 0x3F0:08X}"
        lines.append(
            f"{pid:>4} {qty} {pc} {runtime:>11} {invoked:>10} {usecs:>7} {5568:>4}/6000   0 {name}"
        )
    return "\n".join(lines) + "\n"


def register(command: Callable[..., Any]) -> None:
    def shows(pattern: str, func: Callable[[Session, list[str]], str]) -> None:
        async def handler(sh: Session, values: list[str]) -> str:
            return func(sh, values)

        command(pattern, level=1)(handler)

    shows("show terminal", lambda s, v: show_terminal(s))
    shows("show line", lambda s, v: show_line(s))
    shows("show ip ssh", lambda s, v: show_ip_ssh(s.router))
    shows("show ip http server status", lambda s, v: show_ip_http_server_status(s.router))
    shows("show clock", lambda s, v: show_clock(s.router, False))
    shows("show clock detail", lambda s, v: show_clock(s.router, True))
    shows("show processes <rest?>", lambda s, v: show_processes(s.router, " ".join(v).split()))
