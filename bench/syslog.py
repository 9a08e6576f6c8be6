"""Benchmark: the syslog listener under a burst from 1,000 routers.

A sender process (``--routers`` sockets, each bound to its router's own loopback address,
127.1.x.y) sends ``--rate`` messages a second for ``--seconds`` over UDP to a listener in this
process (``netauto.syslogd``: the socket, the parser, the reactions). Each router sends one
``%SYS-5-CONFIG_I`` per second among its other messages (link up/down, logins, other IOS
messages), so every router must come out of the burst in exactly one coalesced backup batch
per coalescing window. Reported: messages sent and received, the listener's CPU share, and
whether every config-change trigger reached a backup (the backup itself is recorded, not run:
that is the backup runbook's benchmark).

    .venv/bin/python bench/syslog.py                        # 10,000 msg/s, 1,000 routers, 5 s
    .venv/bin/python bench/syslog.py --rate 20000 --seconds 3
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import socket
import time
from collections.abc import Mapping

from netauto.syslogd.react import Reactor
from netauto.syslogd.server import Listener

TAGS = [
    "%LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/{n}, changed state to up",
    "%SYS-6-LOGGINGHOST_STARTSTOP: Logging to host 127.0.0.1 port 5514 started - CLI initiated",
    "%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: netauto] [Source: 127.0.0.1] "
    "[localport: 22] at 14:00:00 UTC Mon Dec 7 2026",
    "%SYS-5-RESTART: System restarted --",
    "%LINK-3-UPDOWN: Interface GigabitEthernet0/{n}, changed state to up",
    "%CDP-4-NATIVE_VLAN_MISMATCH: Native VLAN mismatch discovered on GigabitEthernet0/{n}",
]
CONFIG = "%SYS-5-CONFIG_I: Configured from console by alice on vty0 (192.0.2.7)"


def address(i: int) -> str:
    return f"127.1.{i // 250}.{i % 250 + 1}"


def send(port: int, routers: int, rate: int, seconds: float, sent: multiprocessing.Value) -> None:  # type: ignore[valid-type]
    socks = []
    for i in range(routers):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((address(i), 0))
        socks.append(sock)
    per_router = max(rate // routers, 1)  # messages per router per second
    count, start, n = 0, time.monotonic(), 0
    total = int(rate * seconds)
    while count < total:
        # One router's message at a time, round robin; every per_router-th is a CONFIG_I.
        router = count % routers
        turn = count // routers
        text = CONFIG if turn % per_router == 0 else TAGS[turn % len(TAGS)].format(n=turn % 4)
        socks[router].sendto(f"<189>{n}: Dec  7 14:00:00.000: {text}".encode(),
                             ("127.0.0.1", port))  # fmt: skip
        count += 1
        n += 1
        if count % 100 == 0:  # pace: 100 messages, then wait for the clock to catch up
            ahead = start + count / rate - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
    sent.value = count
    for sock in socks:
        sock.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--quiet", type=float, default=2.0, help="coalescing window (s)")
    ns = parser.parse_args()

    batches: list[list[str]] = []

    def backup(routers: list[str], who: Mapping[str, str]) -> None:
        batches.append(routers)

    names = {address(i): f"R{i}" for i in range(ns.routers)}
    reactor = Reactor(routers=names, backup=backup, quiet=ns.quiet, longest=30).start()
    listener = Listener("127.0.0.1:0", reactor.handle).start()
    sent = multiprocessing.Value("q", 0)
    sender = multiprocessing.Process(
        target=send, args=(listener.port, ns.routers, ns.rate, ns.seconds, sent)
    )
    cpu0, wall0 = os.times(), time.monotonic()
    sender.start()
    sender.join()
    burst = time.monotonic() - wall0
    deadline = time.monotonic() + ns.quiet + 10
    while (reactor.pending() or not batches) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    cpu1, wall1 = os.times(), time.monotonic()
    listener.stop()
    reactor.stop()
    cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    backed = [router for batch in batches for router in batch]
    missing = set(names.values()) - set(backed)
    print(f"routers {ns.routers}, target {ns.rate} msg/s for {ns.seconds:g} s")
    print(f"sent {sent.value} in {burst:.2f} s ({sent.value / burst:,.0f} msg/s)")
    print(f"received {listener.count} ({listener.count / max(sent.value, 1):.2%}); "
          f"config triggers {reactor.counters.config_triggers}")  # fmt: skip
    print(f"listener CPU {cpu:.2f} s over {wall1 - wall0:.2f} s "
          f"({cpu / (wall1 - wall0):.0%} of one core)")  # fmt: skip
    print(f"backups: {len(batches)} batches, {len(backed)} router backups, "
          f"{len(set(backed))} distinct routers; routers missing: {len(missing)}")  # fmt: skip


if __name__ == "__main__":
    main()
