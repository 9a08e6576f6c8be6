"""Benchmark: the database inventory (the device registry) against the YAML inventory.

1. Load: ``init_nornir(record=False)`` of a project whose registry holds ``--hosts`` routers
   (default 10,000), on SQLite and on PostgreSQL, against the same routers in hosts.yaml;
   each load in a fresh subprocess (median of ``--repeat``), wall and CPU seconds of the load
   alone.
2. A run: ``netauto facts`` over ``--routers`` lab routers (default 1,000, loopback only, in
   ``--labs`` lab processes), once with each inventory on the same PostgreSQL database
   (interleaved, ``--repeat`` each): wall seconds and the CPU seconds of the netauto process.

    .venv/bin/python bench/registry.py                     # 10,000 loads; 1,000-router runs
    .venv/bin/python bench/registry.py --routers 200 --repeat 1

PostgreSQL: NETAUTO_BENCH_PG (default postgresql+psycopg://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
import yaml

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NETAUTO = str(Path(PYTHON).parent / "netauto")
PG = os.environ.get("NETAUTO_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
sys.path.insert(0, str(REPO / "bench"))

LOAD = """
import sys, time
from netauto.settings import load_settings
settings = load_settings(sys.argv[1])
from netauto.db.migrate import ensure_schema
ensure_schema(settings.database_url)
from netauto import init_nornir
start, cpu = time.perf_counter(), time.process_time()
nr = init_nornir(settings=settings, record=False)
print(time.perf_counter() - start, time.process_time() - cpu, len(nr.inventory.hosts))
"""


def hosts_of(count: int) -> dict[str, Any]:
    return {
        f"R{i}": {
            "hostname": f"127.1.{i // 250}.{i % 250 + 1}",
            "groups": ["routers"],
            "data": {"site": f"site{i % 20}", "role": "edge"},
        }
        for i in range(count)
    }


def make_database() -> tuple[str, str]:
    name = f"netauto_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG.replace("+psycopg", "") + "/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return name, f"{PG}/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(PG.replace("+psycopg", "") + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def write_project(folder: Path, hosts: dict[str, Any], url: str, plugin: str) -> Path:
    inventory = folder / "inventory"
    inventory.mkdir(parents=True, exist_ok=True)
    for name in ("groups.yaml", "defaults.yaml"):
        (inventory / name).write_text((REPO / "inventory" / name).read_text())
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config["inventory"]["plugin"] = plugin
    config["user_defined"]["netauto"].pop("schedules", None)
    config["user_defined"]["netauto"].update(
        database_url=url,
        backups_dir=str(folder / "backups"),
        spool_file=str(folder / "spool.jsonl"),
        connect_timeout=30,
        command_timeout=60,
    )
    path = folder / f"config-{plugin.replace('.', '-')}.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def load_seconds(config: Path, repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds of the load alone, and the hosts loaded."""
    walls, cpus, count = [], [], 0
    for _ in range(repeat):
        out = subprocess.run(
            [PYTHON, "-c", LOAD, str(config)], capture_output=True, text=True, check=True
        ).stdout.split()
        walls.append(float(out[0]))
        cpus.append(float(out[1]))
        count = int(out[2])
    return statistics.median(walls), statistics.median(cpus), count


def bench_loads(count: int, repeat: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    name, pg_url = make_database()
    try:
        with tempfile.TemporaryDirectory(prefix="netauto-bench-registry-") as scratch:
            folder = Path(scratch)
            hosts = hosts_of(count)
            for label, url in (("sqlite", f"sqlite:///{folder / 'n.db'}"), ("postgresql", pg_url)):
                database = write_project(folder, hosts, url, "netauto.database")
                load_seconds(database, 1)  # seeds the registry from hosts.yaml (not timed)
                results[f"database ({label})"] = load_seconds(database, repeat)
            yaml_config = write_project(folder, hosts, f"sqlite:///{folder / 'n.db'}",
                                        "SimpleInventory")  # fmt: skip
            results["yaml"] = load_seconds(yaml_config, repeat)
    finally:
        drop_database(name)
    return results


def stop_labs(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def bench_runs(routers: int, labs: int, repeat: int) -> dict[str, Any]:
    from scale import start_labs  # type: ignore[import-not-found]

    processes, hosts = start_labs(routers, labs)
    name, url = make_database()
    found: dict[str, list[tuple[float, float, int]]] = {"yaml": [], "database": []}
    try:
        with tempfile.TemporaryDirectory(prefix="netauto-bench-registry-") as scratch:
            folder = Path(scratch)
            configs = {
                "yaml": write_project(folder, hosts, url, "SimpleInventory"),
                "database": write_project(folder, hosts, url, "netauto.database"),
            }
            subprocess.run([PYTHON, "-c", LOAD, str(configs["database"])], check=True,
                           capture_output=True)  # fmt: skip
            for _ in range(repeat):
                for label, config in configs.items():
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    start = time.perf_counter()
                    done = subprocess.run(
                        [NETAUTO, "facts", "--config", str(config), "--json"],
                        capture_output=True, text=True, check=False,
                    )  # fmt: skip
                    wall = time.perf_counter() - start
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                    ok = sum(1 for row in json.loads(done.stdout) if row.get("status") == "ok")
                    found[label].append((wall, cpu, ok))
    finally:
        stop_labs(processes)
        drop_database(name)
    return {
        label: {
            "wall": statistics.median(r[0] for r in rows),
            "cpu": statistics.median(r[1] for r in rows),
            "ok": min(r[2] for r in rows),
        }
        for label, rows in found.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=10_000)
    parser.add_argument("--routers", type=int, default=1_000)
    parser.add_argument("--labs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-runs", action="store_true")
    args = parser.parse_args()
    print(f"inventory load, {args.hosts} routers (median of {args.repeat}, fresh processes):")
    for label, (wall, cpu, count) in bench_loads(args.hosts, args.repeat).items():
        print(f"  {label:22} wall {wall:6.3f} s  CPU {cpu:6.3f} s  ({count} hosts)")
    if not args.skip_runs:
        runs = bench_runs(args.routers, args.labs, args.repeat)
        print(f"netauto facts over {args.routers} lab routers (median of {args.repeat}):")
        for label, row in runs.items():
            print(f"  {label:10} wall {row['wall']:6.1f} s  netauto CPU {row['cpu']:6.1f} s  "
                  f"ok {row['ok']}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
