"""Benchmark: polling lab routers by SNMP, and the sample tables at 1,000 routers x 30 days.

1. Starts ``--routers`` lab routers (default 1,000) in a subprocess, each answering SNMPv2c;
   then ``--rounds`` poll rounds as the ``poll`` runbook reads them (``tasks/_snmp.py``: one
   asyncio round, one GETBULK per router). Reported: wall seconds of a round, CPU
   milliseconds per router per poll of the poller and of the lab (the answering side), and
   the share of one core that polling every 60 s would take.
2. Sizes the tables in a throwaway SQLite database, then a PostgreSQL one (NETAUTO_BENCH_PG,
   default postgresql+psycopg://postgres@127.0.0.1:5432): ``--sample-rows`` raw samples (four
   interfaces each, as the lab's routers) and 1,000 routers x 30 days of hourly roll-ups;
   bytes per row, extrapolated to 1,000 routers polled every 5 minutes (the skeleton's
   schedule) with the default 2 days of raw samples. Then the device page's week chart
   (``samples.series(..., "week")``) over that roll-up table: p50/p95 of ``--queries`` reads.

    .venv/bin/python bench/poll.py                       # 1,000 routers, 5 rounds
    .venv/bin/python bench/poll.py --routers 200 --rounds 3
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PG = os.environ.get("NETAUTO_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
TICKS = os.sysconf("SC_CLK_TCK")
COMMUNITY = "bench-ro"

LAB = f"""
import sys
from netauto.lab.configtree import parse_config
from netauto.lab.fleet import start_fleet

with start_fleet(count=int(sys.argv[1]), snmp_port=0) as fleet:
    async def configure():
        for server in fleet.core.servers.values():
            state = server.state
            line = "snmp-server community {COMMUNITY} RO\\n"
            text = state.config_text().replace("end\\n", line + "end\\n")
            state.running, _ = parse_config(text)
    fleet.call(configure(), timeout=600)
    print(fleet.snmp_port, flush=True)
    for name in fleet.names:
        print(name, fleet.address(name), flush=True)
    print("ready", flush=True)
    sys.stdin.read()
"""


def process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def poll_rounds(routers: int, rounds: int) -> dict[str, float]:
    from netauto.tasks._snmp import SnmpTarget, read_routers

    started = time.monotonic()
    lab = subprocess.Popen(
        [sys.executable, "-c", LAB, str(routers)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert lab.stdout is not None
        port = int(lab.stdout.readline())
        targets = []
        for line in lab.stdout:
            if line.strip() == "ready":
                break
            name, address = line.split()
            targets.append(SnmpTarget(name, address, port, COMMUNITY))
        print(f"lab: {routers} routers up in {time.monotonic() - started:.1f} s", flush=True)
        read_routers(targets[:10], timeout=5, retries=1)  # imports, first use
        walls, mine, theirs, failed, latency = [], [], [], 0, []
        for _ in range(rounds):
            before = os.times()
            lab_before = process_cpu(lab.pid)
            begun = time.perf_counter()
            readings = read_routers(targets, timeout=5, retries=1)
            walls.append(time.perf_counter() - begun)
            after = os.times()
            mine.append((after.user + after.system) - (before.user + before.system))
            theirs.append(process_cpu(lab.pid) - lab_before)
            failed += sum(1 for r in readings.values() if r.error)
            latency += [r.latency_ms for r in readings.values() if not r.error]
    finally:
        lab.kill()
        lab.wait()
    wall = statistics.median(walls)
    poller = statistics.median(mine) / routers * 1000
    answering = statistics.median(theirs) / routers * 1000
    return {
        "routers": routers,
        "wall_s": wall,
        "poller_cpu_ms_per_router": poller,
        "lab_cpu_ms_per_router": answering,
        "core_share_every_60s": statistics.median(mine) / 60,
        "failed": failed,
        "latency_p50_ms": statistics.median(latency),
        "latency_p95_ms": statistics.quantiles(latency, n=20)[18],
    }


def _size(url: str, folder: str) -> int:
    """Bytes the database takes: the SQLite file, or PostgreSQL's two tables with indexes."""
    if url.startswith("sqlite"):
        return (Path(folder) / "samples.db").stat().st_size
    import psycopg

    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        row = conn.execute(
            "SELECT pg_total_relation_size('device_samples') "
            "+ pg_total_relation_size('device_rollups')"
        ).fetchone()
    return int(row[0]) if row else 0


def table_sizes(url: str, folder: str, sample_rows: int, queries: int) -> dict[str, float]:
    from netauto.clock import utcnow
    from netauto.db import migrate, samples
    from netauto.db.engine import dispose_engines

    migrate.upgrade(url)
    empty = _size(url, folder)
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    interfaces = {
        f"GigabitEthernet0/{i}": [123_456_789_012 + i, 98_765_432_101 + i, 0, True]
        for i in range(3)
    }
    interfaces["Loopback0"] = [0, 0, 0, True]
    batch = []
    for n in range(sample_rows):
        batch.append(
            {
                "device": f"R{15 + n % 1000}",
                "taken_at": now - timedelta(minutes=5 * (n // 1000)),
                "status": "online",
                "source": "snmp",
                "latency_ms": 3.2,
                "cpu_percent": 1.0,
                "memory_percent": 19.8,
                "uptime_seconds": 3_608_700 + n,
                "interfaces": interfaces,
            }
        )
        if len(batch) == 20_000:
            samples.store_samples(url, batch)
            batch = []
    samples.store_samples(url, batch)
    dispose_engines()
    after_samples = _size(url, folder)
    sample_bytes = (after_samples - empty) / sample_rows
    rates = {name: [8000.0, 9600.0] for name in interfaces}
    rollups = 1000 * 30 * 24
    batch = []
    for n in range(rollups):
        batch.append(
            {
                "device": f"R{15 + n % 1000}",
                "hour": now - timedelta(hours=1 + n // 1000),
                "samples": 12,
                "up_samples": 12,
                "latency_ms": 3.2,
                "latency_max_ms": 5.1,
                "cpu_percent": 1.0,
                "cpu_max_percent": 2.0,
                "memory_percent": 19.8,
                "interfaces": rates,
            }
        )
        if len(batch) == 50_000:
            samples.store_rollups(url, batch)
            batch = []
    samples.store_rollups(url, batch)
    dispose_engines()
    rollup_bytes = (_size(url, folder) - after_samples) / rollups
    times = []
    for _ in range(queries):
        device = f"R{15 + random.randrange(1000)}"
        begun = time.perf_counter()
        points = samples.series(url, device, "week", now=now)
        times.append((time.perf_counter() - begun) * 1000)
        assert len(points) >= 167, len(points)
    dispose_engines()
    http = week_chart_http(url, queries)
    raw_rows = 1000 * 288 * 2  # every 5 minutes, 2 days (poll.samples_days)
    return {
        "sample_bytes_per_row": sample_bytes,
        "rollup_bytes_per_row": rollup_bytes,
        "raw_rows_1000x2d_5min": raw_rows,
        "raw_mb_1000x2d_5min": raw_rows * sample_bytes / 1e6,
        "rollup_rows_1000x30d": rollups,
        "rollup_mb_1000x30d": rollup_bytes * rollups / 1e6,
        "week_chart_p50_ms": statistics.median(times),
        "week_chart_p95_ms": statistics.quantiles(times, n=20)[18],
        "week_chart_http_p50_ms": statistics.median(http),
        "week_chart_http_p95_ms": statistics.quantiles(http, n=20)[18],
    }


def week_chart_http(url: str, queries: int) -> list[float]:
    """GET /api/devices/NAME/samples?span=week through the web app (Flask's test client, a
    bearer token): milliseconds of each answer."""
    import yaml

    from netauto.accounts import add_user, create_token
    from netauto.db.devices import sync_inventory
    from netauto.web import create_app

    folder = Path(tempfile.mkdtemp(prefix="netauto-bench-web-"))
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config["user_defined"]["netauto"]["database_url"] = url
    config["user_defined"]["netauto"].pop("schedules", None)
    (folder / "config.yaml").write_text(yaml.safe_dump(config))
    sync_inventory(
        url, [(f"R{15 + n}", f"127.1.{n // 250}.{n % 250 + 1}", "ios") for n in range(1000)]
    )
    add_user(url, "bench@example.com", "viewer", actor="bench", username="bench")
    token, _ = create_token(url, "bench@example.com", actor="bench")
    app = create_app(folder / "config.yaml")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    times = []
    try:
        for n in range(queries + 5):  # the first five warm the app up, untimed
            device = f"R{15 + random.randrange(1000)}"
            begun = time.perf_counter()
            response = client.get(f"/api/devices/{device}/samples?span=week", headers=headers)
            if n >= 5:
                times.append((time.perf_counter() - begun) * 1000)
            assert response.status_code == 200, response.text
            assert len(response.json["points"]) >= 166, len(response.json["points"])
    finally:
        app.extensions["netauto"].feed.close()
    return times


def databases() -> Iterator[tuple[str, str, str]]:
    """(name, url, folder): a throwaway SQLite file, then a throwaway PostgreSQL database."""
    import shutil
    import uuid

    import psycopg

    folder = tempfile.mkdtemp(prefix="netauto-bench-poll-")
    try:
        yield "sqlite", f"sqlite:///{folder}/samples.db", folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    name = f"netauto_bench_{uuid.uuid4().hex[:8]}"
    admin_url = PG.replace("+psycopg", "") + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield "postgresql", f"{PG}/{name}", ""
    finally:
        from netauto.db.engine import dispose_engines

        dispose_engines()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sample-rows", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--skip-poll", action="store_true")
    ns = parser.parse_args()
    if not ns.skip_poll:
        for key, value in poll_rounds(ns.routers, ns.rounds).items():
            print(f"{key:<28} {value:,.3f}" if isinstance(value, float) else f"{key:<28} {value}")
    for name, url, folder in databases():
        print(f"-- {name}", flush=True)
        for key, value in table_sizes(url, folder, ns.sample_rows, ns.queries).items():
            print(f"{key:<28} {value:,.3f}" if isinstance(value, float) else f"{key:<28} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
