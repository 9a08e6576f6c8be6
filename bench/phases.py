"""Benchmark: where one `netauto backup` / `netauto facts` spends its CPU, phase by phase.

Starts a simulated fleet (loopback only, as ``bench/runbooks.py`` does), then runs the
command ``--repeat`` times in fresh interpreters through a small wrapper that prints the
process CPU at each phase (imports done, the driver import, ``init_nornir``, the Nornir run,
the exit handlers) and the CPU of the threads that ended by then, grouped by name (Nornir's
workers, the operations-log writer and storer, the main thread); paramiko's transport
threads override ``run`` and are not counted. The process's own total comes from
``getrusage`` (children), so what happens after the exit handlers counts too. Unprofiled:
the figures are the real costs, not a profiler's. Usage::

    .venv/bin/python bench/phases.py --routers 11
    .venv/bin/python bench/phases.py --routers 1000 --kind facts --repeat 2
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import runbooks  # bench/runbooks.py: the fleet and the project

WRAPPER = """
import atexit, collections, sys, threading, time
import nornir.core
import netauto.plugins.connections, netauto.runner

marks = {"imports": time.process_time()}


def timed(owner, name, label):
    function = getattr(owner, name)

    def wrapper(*args, **kwargs):
        marks.setdefault(label + " in", time.process_time())
        try:
            return function(*args, **kwargs)
        finally:
            marks.setdefault(label + " out", time.process_time())

    setattr(owner, name, wrapper)


timed(netauto.plugins.connections, "preload_drivers", "drivers")
timed(netauto.runner, "init_nornir", "init_nornir")
timed(nornir.core.Nornir, "run", "run")
threads = collections.Counter()
thread_run = threading.Thread.run


def counted(self):
    try:
        thread_run(self)
    finally:
        threads[self.name.rstrip("0123456789_").split("-")[0]] += time.thread_time()


threading.Thread.run = counted


def show():
    marks["exit handlers"] = time.process_time()
    threads["main"] = time.thread_time()
    print("PHASES", {key: round(value, 3) for key, value in marks.items()}, file=sys.stderr)
    print("THREADS", {key: round(value, 3) for key, value in threads.items()}, file=sys.stderr)


atexit.register(show)
sys.argv = ["netauto", *sys.argv[1:]]
from netauto.cli import main

main()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=11)
    parser.add_argument("--kind", choices=("backup", "facts"), default="backup")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=runbooks.WORKERS)
    args = parser.parse_args()
    fleet, hosts = runbooks.start_fleet(args.routers)
    try:
        with tempfile.TemporaryDirectory(prefix="netauto-phases-") as tmp:
            folder = Path(tmp) / "project"
            folder.mkdir()
            config = runbooks.write_project(folder, hosts, args.workers)
            command = [runbooks.PYTHON, "-c", WRAPPER, args.kind, "--config", str(config)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            for number in range(1, args.repeat + 1):
                start = time.perf_counter()
                done = subprocess.run([*command, "--json"], capture_output=True, text=True)
                wall = time.perf_counter() - start
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                before = after
                print(
                    f"run {number}: {args.routers} routers, {args.kind}, exit {done.returncode}, "
                    f"wall {wall:.2f} s, CPU {cpu:.3f} s (the first run also writes files)"
                )
                for line in done.stderr.splitlines():
                    if line.startswith(("PHASES", "THREADS")):
                        print("  " + line)
    finally:
        assert fleet.stdin is not None
        fleet.stdin.close()
        fleet.wait()


if __name__ == "__main__":
    main()
