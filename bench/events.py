"""Benchmark: what telling router states costs a run of 1,000 routers (issue 27).

A poll (or check, health) run hands every router's status to ``netauto.notify.runs.
router_states``: one read of the 1,000 states, a write only for those that changed, an event
(and its outbox rows) per change. Timed on SQLite and PostgreSQL (NETAUTO_BENCH_PG, default
postgresql+psycopg://postgres@127.0.0.1:5432): the first round (every router new), a round
where nothing changed, and one where 50 routers went down (with two rules, so 100 outbox rows).

    .venv/bin/python bench/events.py [--routers 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid

from sqlalchemy import create_engine, text

from netauto.db import migrate
from netauto.db.engine import dispose_engines
from netauto.db.notify import add_channel, add_rule
from netauto.notify.runs import router_states

PG = os.environ.get("NETAUTO_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")


def measure(url: str, routers: int, rounds: int) -> dict[str, float]:
    migrate.upgrade(url)
    for name in ("mail", "hook"):
        add_channel(url, name=name, kind="webhook", target="http://127.0.0.1:9/", format="generic")
        add_rule(url, channel=name, event="all", min_severity="warning")
    online = {f"R{i}": ("online", "") for i in range(routers)}
    start = time.perf_counter()
    router_states(url, online, None)
    first = time.perf_counter() - start
    same = []
    for _ in range(rounds):
        start = time.perf_counter()
        router_states(url, online, None)
        same.append(time.perf_counter() - start)
    down = dict(online)
    down.update({f"R{i}": ("offline", "connect timeout") for i in range(50)})
    start = time.perf_counter()
    told = router_states(url, down, None)
    changed = time.perf_counter() - start
    assert told == 50
    return {"first": first, "unchanged": statistics.median(same), "50 down": changed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = {"sqlite": measure(f"sqlite:///{folder}/bench.db", ns.routers, ns.rounds)}
        name = f"netauto_bench_events_{uuid.uuid4().hex[:8]}"
        admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            results["postgresql"] = measure(f"{PG}/{name}", ns.routers, ns.rounds)
        finally:
            dispose_engines()
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            admin.dispose()
    for backend, found in results.items():
        figures = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in found.items())
        print(f"{backend}: {ns.routers} routers: {figures}")


if __name__ == "__main__":
    main()
