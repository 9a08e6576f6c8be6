"""Benchmark: 1,000 lab routers, backup and facts, threaded (one process) vs Celery (2 workers).

Starts the simulated fleet in ``--labs`` processes (loopback only), a throwaway PostgreSQL
database and a project on it; then, interleaved and each in a fresh subprocess:

- ``netauto backup|facts --executor threaded`` (one process, ``--workers`` threads);
- ``netauto backup|facts --executor celery`` with two ``netauto worker`` processes already
  running (``--concurrency`` worker processes each, ``--workers`` threads per shard).

Reported per contender (median of ``--repeat``): wall seconds; CPU seconds per host of netauto
(the caller plus, for Celery, both workers' process groups) and of the lab processes; rows per
second landed in the PostgreSQL operations log (the run's host rows, first created to last
finished). The bound: ``--handshakes`` sequential netmiko logins (connect, enable, disconnect)
to one lab router, CPU of client and lab per login, times the routers, over the cores.

    .venv/bin/python bench/scale.py                      # 1,000 routers, 2 labs, 2 repeats
    .venv/bin/python bench/scale.py --routers 200 --repeat 1

PostgreSQL: NETAUTO_BENCH_PG (default postgresql+psycopg://postgres@127.0.0.1:5432); Redis:
NETAUTO_BENCH_REDIS (default redis://127.0.0.1:6379/14, emptied first).
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
REDIS = os.environ.get("NETAUTO_BENCH_REDIS", "redis://127.0.0.1:6379/14")
TICKS = os.sysconf("SC_CLK_TCK")

FLEET = """
import sys
from netauto.lab.fleet import start_fleet
with start_fleet(routers=sys.argv[1]) as fleet:
    print(fleet.port, flush=True)
    for name in fleet.names:
        print(name, fleet.address(name), flush=True)
    print("ready", flush=True)
    sys.stdin.read()
"""

HANDSHAKES = """
import sys, time
from netmiko import ConnectHandler
host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
started = time.process_time()
for _ in range(count):
    ConnectHandler(device_type="cisco_ios", host=host, port=port, username="netauto",
                   password="netauto-lab", secret="netauto-enable").disconnect()
print(time.process_time() - started)
"""


def group_cpu(pgid: int) -> float:
    """CPU seconds (user+sys) of every live process of a process group."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ...
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


def start_labs(routers: int, labs: int) -> tuple[list[subprocess.Popen[str]], dict[str, Any]]:
    processes, hosts = [], {}
    per = -(-routers // labs)
    for index in range(labs):
        first = 15 + index * per
        last = min(15 + routers - 1, first + per - 1)
        process = subprocess.Popen(
            [PYTHON, "-c", FLEET, f"R{first}-R{last}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        processes.append(process)
    for process in processes:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        for line in process.stdout:
            if line.strip() == "ready":
                break
            name, address = line.split()
            hosts[name] = {"hostname": address, "port": port, "groups": ["routers"]}
    return processes, hosts


def make_database() -> tuple[str, str]:
    name = f"netauto_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG.replace("+psycopg", "") + "/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return name, f"{PG}/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(PG.replace("+psycopg", "") + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def write_project(folder: Path, hosts: dict[str, Any], url: str, workers: int) -> Path:
    queue = f"bench-{uuid.uuid4().hex[:6]}"
    inventory = folder / "inventory"
    inventory.mkdir(parents=True)
    for name in ("groups.yaml", "defaults.yaml"):
        (inventory / name).write_text((REPO / "inventory" / name).read_text())
    for host in hosts.values():
        host["data"] = {"queue": queue}
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config["runner"]["options"]["num_workers"] = workers
    config["user_defined"]["netauto"].update(
        database_url=url,
        backups_dir=str(folder / "backups"),
        spool_file=str(folder / "spool.jsonl"),
        num_workers=workers,
        celery={"broker_url": REDIS, "queue_by": "queue"},
    )
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def start_workers(config: Path, count: int, concurrency: int) -> list[subprocess.Popen[bytes]]:
    queue = yaml.safe_load((config.parent / "inventory" / "hosts.yaml").read_text())
    name = next(iter(queue.values()))["data"]["queue"]
    workers = [
        subprocess.Popen(
            [NETAUTO, "worker", "--config", str(config), "-c", str(concurrency), "-Q", name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(count)
    ]
    from netauto.executor.app import celery_app
    from netauto.executor.runner import served_queues
    from netauto.settings import load_settings

    app = celery_app(load_settings(config, database=False))
    deadline = time.monotonic() + 120
    while served_queues(app).get(name, 0) < count:
        if time.monotonic() > deadline:
            raise SystemExit("workers did not start")
    return workers


def rows_per_second(url: str) -> tuple[int, float]:
    """Host rows of the latest run, over first created to last finished."""
    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        run = connection.execute("SELECT id FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
        count, first, last = connection.execute(
            "SELECT count(*), min(created_at), max(finished_at) FROM operations_log "
            "WHERE run_id = %s AND host IS NOT NULL",
            (run[0],),
        ).fetchone()
    span = (last - first).total_seconds() if first and last else 0.0
    return int(count), count / span if span else 0.0


def measure(command: list[str], url: str, groups: list[int], labs: list[int]) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = sum(group_cpu(g) for g in groups)
    lab_cpu = sum(group_cpu(g) for g in labs)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    caller = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        try:
            failed = [row for row in json.loads(done.stdout) if row["status"] == "failed"]
            why = f"{len(failed)} failed, e.g. {failed[0]['host']}: {failed[0]['detail']}"
        except (ValueError, LookupError, TypeError):
            why = done.stderr.strip()[-300:]
        print(f"  ! exit {done.returncode}: {why}", file=sys.stderr)
    rows, rate = rows_per_second(url)
    return {
        "wall": wall,
        "cpu": caller + sum(group_cpu(g) for g in groups) - worker_cpu,
        "lab_cpu": sum(group_cpu(g) for g in labs) - lab_cpu,
        "rows": rows,
        "rate": rate,
        "failed": float(done.returncode != 0),
    }


def handshake_bound(hosts: dict[str, Any], count: int, labs: list[int]) -> tuple[float, float]:
    """(client, lab) CPU seconds per netmiko login to one lab router."""
    host = next(iter(hosts.values()))
    lab_before = sum(group_cpu(g) for g in labs)
    done = subprocess.run(
        [PYTHON, "-c", HANDSHAKES, host["hostname"], str(host["port"]), str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    lab = sum(group_cpu(g) for g in labs) - lab_before
    return float(done.stdout.strip()) / count, lab / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=1000)
    parser.add_argument("--labs", type=int, default=2, help="lab processes")
    parser.add_argument("--workers", type=int, default=20, help="threads (per shard)")
    parser.add_argument("--concurrency", type=int, default=1, help="processes per worker")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--handshakes", type=int, default=200)
    parser.add_argument("--runbooks", default="backup,facts")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    subprocess.run(["redis-cli", "-u", REDIS, "flushdb"], capture_output=True, check=False)
    labs, hosts = start_labs(args.routers, args.labs)
    lab_groups = [p.pid for p in labs]
    name, url = make_database()
    workers: list[subprocess.Popen[bytes]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="netauto-scale-") as tmp:
            config = write_project(Path(tmp), hosts, url, args.workers)
            subprocess.run([NETAUTO, "db", "upgrade", "--config", str(config)], check=True)
            workers = start_workers(config, 2, args.concurrency)
            groups = [w.pid for w in workers]
            client, lab = handshake_bound(hosts, args.handshakes, lab_groups)
            bound = (client + lab) * args.routers / cores
            print(
                f"routers={args.routers} labs={args.labs} cores={cores} workers={args.workers} "
                f"concurrency={args.concurrency} repeat={args.repeat}"
            )
            print(
                f"netmiko login: {client * 1000:.1f} ms client CPU + {lab * 1000:.1f} ms lab CPU;"
                f" bound {args.routers} x {(client + lab) * 1000:.1f} ms / {cores} cores "
                f"= {bound:.1f} s"
            )
            base = ["--config", str(config), "--json"]
            # Warm-up, untimed: the first backup writes every file and the git commit.
            measure([NETAUTO, "backup", *base], url, groups, lab_groups)
            print(
                "| runbook | executor | wall s | CPU s/host (netauto) | CPU s/host (lab) "
                "| rows/s into PostgreSQL | x bound |"
            )
            print("|---|---|---:|---:|---:|---:|---:|")
            for runbook in args.runbooks.split(","):
                runs: dict[str, list[dict[str, float]]] = {"threaded": [], "celery": []}
                for _ in range(args.repeat):
                    for executor in runs:
                        command = [NETAUTO, runbook, *base, "--executor", executor]
                        runs[executor].append(measure(command, url, groups, lab_groups))
                for executor, found in runs.items():
                    wall = statistics.median(r["wall"] for r in found)
                    cpu = statistics.median(r["cpu"] for r in found) / args.routers
                    lab_cpu = statistics.median(r["lab_cpu"] for r in found) / args.routers
                    rate = statistics.median(r["rate"] for r in found)
                    failed = " (failed runs)" if any(r["failed"] for r in found) else ""
                    print(
                        f"| {runbook} | {executor}{failed} | {wall:.1f} | {cpu:.3f} "
                        f"| {lab_cpu:.3f} | {rate:,.0f} | {wall / bound:.2f} |",
                        flush=True,
                    )
    finally:
        for process in [*workers, *labs]:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*workers, *labs]:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        drop_database(name)


if __name__ == "__main__":
    main()
