"""Figures a lab router reports both in its show commands and over SNMP.

CPU and memory are fixed per model; interface counters move with time (a steady trickle of
traffic per up interface since boot or the last ``clear counters``), so a poller sees rates.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from netauto.lab.state import RouterState

# ``show processes cpu``: five seconds, one minute, five minutes (percent).
CPU = (2, 1, 1)
CPU_INTERRUPT = 0


@dataclass(frozen=True)
class Memory:
    total: int
    used: int

    @property
    def free(self) -> int:
        return self.total - self.used


def memory(router: RouterState) -> Memory:
    """The processor pool of ``show processes memory``."""
    if router.model.xe:
        return Memory(1_795_999_744, 324_611_072)
    return Memory(376_578_496, 74_524_632)


@dataclass(frozen=True)
class Counters:
    packets_in: int
    packets_out: int

    @property
    def bytes_in(self) -> int:
        return self.packets_in * 90

    @property
    def bytes_out(self) -> int:
        return self.packets_out * 110


def rate(index: int) -> int:
    """Packets per second each way on the interface at ``index`` (1-based) when it is up."""
    return 100 * index


def counters(router: RouterState, index: int, *, up: bool, now: float | None = None) -> Counters:
    """Counters of one interface: a base figure since boot, plus its rate times the seconds
    since boot (or since ``clear counters``, which starts from zero)."""
    if not up:
        return Counters(0, 0)
    now = time.time() if now is None else now
    cleared = router.counters_cleared
    base = 0 if cleared is not None else 1000 * index + 123
    since = cleared if cleared is not None else router.boot_time
    moved = int(max(0.0, now - since) * rate(index))
    return Counters(base + moved, base + moved)
