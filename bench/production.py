"""Benchmark the production pieces: ``netauto db backup``/``restore`` and ``GET /readyz``.

A throwaway PostgreSQL database is seeded as bench/web.py seeds it (``--rows`` operations,
a tenth as many runs, 1,000 devices), then:

- backup: ``backup()`` (pg_dump, custom format) wall time and file size;
- restore: ``restore()`` into a second, empty database (pg_restore, one transaction);
- the same round trip on a SQLite copy of a smaller log (``--sqlite-rows``, written through
  the real store);
- ``/readyz``: sequential requests (keep-alive) to ``netauto web`` (waitress, its own
  process, 127.0.0.1) on the seeded PostgreSQL database: p50, p95, max.

    .venv/bin/python bench/production.py [--rows 1000000] [--sqlite-rows 100000] [--requests 300]

PostgreSQL: NETAUTO_BENCH_PG (default postgresql+psycopg://postgres@127.0.0.1:5432); the
databases are dropped at the end. Only loopback is used.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web import PG, _free_port, _seed  # bench/web.py's seeding


def _timed(work: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    found = work()
    return found, time.perf_counter() - start


def _sqlite_log(url: str, rows: int) -> None:
    from netauto.db.migrate import upgrade
    from netauto.db.oplog_store import Store
    from netauto.db.records import OpRecord, RunRecord

    upgrade(url)
    now = datetime.now(UTC)
    records: list[OpRecord | RunRecord] = []
    for run in range(rows // 10):
        run_id, at = uuid.uuid4(), now - timedelta(minutes=run)
        records.append(RunRecord(run_id, "backup", "bench", None, at, at, 10, 10, 0, 0, "success"))
        for host in range(10):
            records.append(
                OpRecord(uuid.uuid4(), "config_backup", "success", host=f"R{host}",
                         run_id=run_id, username="bench", result={"lines": 84},
                         execution_time_ms=200, created_at=at)
            )  # fmt: skip
    with Store(url) as store:
        for start in range(0, len(records), 5000):
            store.store(records[start : start + 5000])


def _readyz(config: Path, count: int) -> dict[str, float]:
    port = _free_port()
    args = [sys.executable, "-m", "netauto.web.server", "--config", str(config)]
    web = subprocess.Popen(
        [*args, "--bind", f"127.0.0.1:{port}"], stderr=subprocess.DEVNULL, cwd=config.parent
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        times = []
        for index in range(count + 20):
            start = time.perf_counter()
            connection.request("GET", "/readyz")
            response = connection.getresponse()
            response.read()
            assert response.status == 200, response.status
            if index >= 20:  # warm-up
                times.append((time.perf_counter() - start) * 1000)
        connection.close()
    finally:
        web.send_signal(signal.SIGTERM)
        web.wait(timeout=30)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "max_ms": round(times[-1], 2),
    }


def run(rows: int, sqlite_rows: int, requests: int) -> dict[str, Any]:
    from netauto.db.backup import backup, restore
    from netauto.db.engine import dispose_engines
    from netauto.db.migrate import upgrade

    admin = psycopg.connect(PG.replace("+psycopg", "") + "/postgres", autocommit=True)
    names = [f"netauto_bench_prod_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    source, target = (f"{PG}/{name}" for name in names)
    found: dict[str, Any] = {"rows": rows, "sqlite_rows": sqlite_rows}
    try:
        upgrade(source)
        found["seed_seconds"] = round(_seed(source, rows, 90), 1)
        dispose_engines()
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / "netauto.dump"
            made, seconds = _timed(lambda: backup(source, dump))
            found["pg_backup_seconds"] = round(seconds, 2)
            found["pg_backup_mb"] = round(made.size / 1e6, 1)
            _, seconds = _timed(lambda: restore(target, dump))
            found["pg_restore_seconds"] = round(seconds, 2)

            lite = f"sqlite:///{Path(folder) / 'netauto.db'}"
            _sqlite_log(lite, sqlite_rows)
            copy = Path(folder) / "netauto.sqlite.backup"
            made, seconds = _timed(lambda: backup(lite, copy))
            found["sqlite_backup_seconds"] = round(seconds, 2)
            found["sqlite_backup_mb"] = round(made.size / 1e6, 1)
            again = f"sqlite:///{Path(folder) / 'restored.db'}"
            _, seconds = _timed(lambda: restore(again, copy))
            found["sqlite_restore_seconds"] = round(seconds, 2)

            config = Path(folder) / "config.yaml"
            section = {"database_url": source, "spool_file": str(Path(folder) / "spool.jsonl")}
            config.write_text(yaml.safe_dump({"user_defined": {"netauto": section}}))
            found["readyz_postgresql"] = _readyz(config, requests)
    finally:
        dispose_engines()
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
        admin.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sqlite-rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    ns = parser.parse_args()
    for name in [n for n in os.environ if n.startswith("NETAUTO_")]:
        del os.environ[name]
    for key, value in run(ns.rows, ns.sqlite_rows, ns.requests).items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
