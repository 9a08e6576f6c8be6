"""Benchmark the simulated fleet: start-up time and memory, Nornir get_facts, connections/s.

    python bench/lab.py [--sizes 11,500] [--connections 300] [--json]

Start-up is measured in a fresh process per fleet size (time to every listener up, and the
resident memory it adds). get_facts and the connection rate run against a detached lab in its
own process, as users run it, with this process as the client.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncssh

from netauto.lab import control, daemon
from netauto.lab.addressing import plan
from netauto.lab.fleet import free_port
from netauto.lab.inventory import write_project
from netauto.plugins.credentials import LAB_PASSWORD, LAB_USERNAME


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child_start(count: int) -> dict[str, float]:
    """Runs in a fresh process: start ``count`` routers, report time and memory."""
    from netauto.lab.fleet import AsyncFleet

    async def main() -> dict[str, float]:
        with tempfile.TemporaryDirectory() as folder:
            before = rss_mb()
            started = time.perf_counter()
            fleet = AsyncFleet(plan(count), free_port(), Path(folder))
            await fleet.start()
            seconds = time.perf_counter() - started
            after = rss_mb()
            await fleet.stop()
        return {
            "routers": count,
            "start_s": seconds,
            "rss_mb": after,
            "rss_added_mb": after - before,
        }

    return asyncio.run(main())


def measure_start(count: int) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child-start", str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def measure_facts(state_dir: Path, port: int, runs: int) -> list[float]:
    from nornir_napalm.plugins.tasks import napalm_get

    import netauto

    config = write_project(
        state_dir / "project",
        plan(),
        port,
        netauto={"database_url": f"sqlite:///{state_dir / 'bench.db'}"},
    )
    times = []
    for _ in range(runs):
        nr = netauto.init_nornir(config_file=config, record=False)
        started = time.perf_counter()
        result = nr.run(task=napalm_get, getters=["facts"])
        times.append(time.perf_counter() - started)
        nr.close_connections()
        if result.failed:
            raise SystemExit(f"get_facts failed on {sorted(result.failed_hosts)}")
    return times


async def measure_connections(port: int, total: int, concurrency: int) -> float:
    addresses = [s.address for s in plan()]
    queue = list(range(total))

    async def worker() -> None:
        while queue:
            n = queue.pop()
            async with asyncssh.connect(
                addresses[n % len(addresses)],
                port,
                username=LAB_USERNAME,
                password=LAB_PASSWORD,
                known_hosts=None,
            ):
                pass

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return total / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="11,500", help="fleet sizes to start")
    parser.add_argument("--connections", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--facts-runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child-start", type=int, help=argparse.SUPPRESS)
    ns = parser.parse_args()
    if ns.child_start:
        print(json.dumps(child_start(ns.child_start)))
        return
    report: dict[str, Any] = {"start": [measure_start(int(n)) for n in ns.sizes.split(",")]}
    with tempfile.TemporaryDirectory() as folder:
        state_dir, port = Path(folder), free_port()
        daemon.spawn(state_dir / "lab", port)
        try:
            facts = measure_facts(state_dir, port, ns.facts_runs)
            report["get_facts_11_s"] = {"first": facts[0], "best": min(facts), "runs": facts}
            rate = asyncio.run(measure_connections(port, ns.connections, ns.concurrency))
            report["connections_per_s"] = rate
        finally:
            control.request(state_dir / "lab", "stop")
    if ns.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{'measure':<44} {'value':>12}")
    for row in report["start"]:
        print(f"{'start ' + str(row['routers']) + ' routers (s)':<44} {row['start_s']:>12.2f}")
        print(f"{'  resident memory after start (MB)':<44} {row['rss_mb']:>12.1f}")
        print(f"{'  memory added by the fleet (MB)':<44} {row['rss_added_mb']:>12.1f}")
    facts = report["get_facts_11_s"]
    print(f"{'Nornir napalm get_facts, 11 routers (s)':<44} {facts['first']:>12.2f}")
    print(f"{'  best of ' + str(len(facts['runs'])) + ' (s)':<44} {facts['best']:>12.2f}")
    print(f"{'SSH connections accepted per second':<44} {report['connections_per_s']:>12.1f}")


if __name__ == "__main__":
    main()
