"""How many routers a run works on at once when nobody said: the fleet and the machine decide.

A worker mostly waits on its router, so more workers than cores pay off until the SSH
handshakes saturate the cores: about 25 per core (measured on the lab: at 1,000 routers on 2
cores, 50 workers beat 20 by a fifth, with sessions closed when a host is done). Never more
workers than routers, and never more than the open-file limit (RLIMIT_NOFILE: a socket per
session, an SCP session or log file beside it) or the available memory allow.
"""

from __future__ import annotations

import os
import resource

PER_CORE = 25
MINIMUM = 20  # what the default was; a one-core machine still waits on routers in parallel
MAXIMUM = 1000  # the num_workers setting's own bound
FILES_PER_WORKER = 4
RESERVED_FILES = 64  # the interpreter, the database, the backups' git, the terminal
MEMORY_PER_WORKER = 8 * 1024 * 1024  # a thread, a paramiko session and its buffers, with room


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _by_files() -> int:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAXIMUM
    return max(1, (soft - RESERVED_FILES) // FILES_PER_WORKER)


def _by_memory() -> int:
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return MAXIMUM
    return max(1, available // MEMORY_PER_WORKER)


def default_workers(hosts: int) -> int:
    """The worker count for a fleet of ``hosts`` routers on this machine."""
    wanted = max(MINIMUM, PER_CORE * _cores())
    return max(1, min(max(hosts, 1), wanted, _by_files(), _by_memory(), MAXIMUM))
