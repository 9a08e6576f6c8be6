"""Search quality and speed (issue 31): hit@1 and hit@5 over a simulated month, latency.

For each database (SQLite, PostgreSQL) it builds the month of bench/search_history.py on a
simulated fleet (11 routers, 30 days: changes over SSH, one ``netauto backup`` a day), then
asks every question through the library call the front ends use
(``project.search.find``) and scores the answers:

- a config question hits at rank k when the k-th config result is the expected router with
  the expected first version (the commit of the day the line appeared);
- a run question when the k-th run is the day's backup run; a document question when the
  k-th document section is the expected one.

Then the same questions, and the document questions reworded (misspelt, run together:
``search_history.REWORDED_QUESTIONS``), with full text alone and with embeddings: the test
stub's deterministic ones (tests/aistub.py), configured as ``ai.embeddings`` and fused with
full text by reciprocal rank; the time to embed the index is reported with them.

Latency: each question's query five times on an index already current (``fresh=False``),
on a new connection (a command) and on the process's pool (a server), and once with the
catch-up every search does first (``fresh=True``). The index's CPU share
of a backup run: the same indexing into a database of its own, after each day's backup.
``--scale 1000x90`` also fills a PostgreSQL index with synthetic versions (1000 routers x
90 versions, two lines changed per version) and times the address and phrase queries.

    .venv/bin/python bench/search.py                       # both databases, the month
    .venv/bin/python bench/search.py --database sqlite --scale 0
    .venv/bin/python bench/search.py --scale 1000x90 --database none
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "tests"))  # aistub.py

from search_history import History, make_plan

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def pg_database() -> str:
    import psycopg

    name = f"netauto_bench_search_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_pg(url: str) -> None:
    import psycopg

    from netauto.db.engine import dispose_engines

    dispose_engines()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rank_of(question: dict[str, Any], results: Any, history: History) -> int | None:
    """The 1-based rank of the expected answer, None when it is not in the results."""
    expect = question["expect"]
    if expect["kind"] == "config":
        sha = history.shas[expect["day"]]
        for rank, hit in enumerate(results.config, 1):
            if hit.router == expect["router"] and hit.first.sha == sha:
                return rank
    elif expect["kind"] == "run":
        run = history.runs[expect["day"]]
        for rank, hit in enumerate(results.runs, 1):
            if hit.ref.replace("-", "") == run:
                return rank
    else:
        for rank, hit in enumerate(results.docs, 1):
            if hit.ref == expect["ref"]:
                return rank
    return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ask(
    project: Any, questions: list[dict[str, Any]], history: History, repeat: int = 5
) -> dict[str, Any]:
    """Each question once for its rank, then ``repeat`` times on a new connection and on the
    pool for its latency (the index current)."""
    ranks: list[int | None] = []
    by_kind: dict[str, list[int | None]] = {}
    latencies: list[float] = []
    pooled: list[float] = []
    misses = []
    for question in questions:
        find = {"router": question.get("router"), "kind": question.get("kind"), "limit": 5}
        results = project.search.find(question["query"], fresh=False, **find)
        rank = rank_of(question, results, history)
        ranks.append(rank)
        by_kind.setdefault(question["expect"]["kind"], []).append(rank)
        if rank != 1:
            misses.append((question["question"], rank))
        for _ in range(repeat):
            began = time.perf_counter()
            project.search.find(question["query"], fresh=False, **find)
            latencies.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            project.search.find(question["query"], fresh=False, server=True, **find)
            pooled.append((time.perf_counter() - began) * 1000)
    found: dict[str, Any] = {
        "questions": len(questions),
        "hit1": sum(rank == 1 for rank in ranks) / len(ranks),
        "hit5": sum(rank is not None and rank <= 5 for rank in ranks) / len(ranks),
        "by_kind": {
            kind: (len(found), sum(r == 1 for r in found), sum(r is not None for r in found))
            for kind, found in by_kind.items()
        },
        "misses": misses,
    }
    if latencies:
        found.update(
            p50=statistics.median(latencies),
            p95=percentile(latencies, 0.95),
            pooled_p50=statistics.median(pooled),
            pooled_p95=percentile(pooled, 0.95),
        )
    return found


def with_embeddings(config: Path, stub: Any) -> None:
    """Point the project's ``ai.embeddings`` at the test stub (deterministic embeddings)."""
    import yaml
    from aistub import embeddings_section

    data = yaml.safe_load(config.read_text())
    ai = data["user_defined"]["netauto"].setdefault("ai", {}) or {}
    ai.update(embeddings_section(stub))
    data["user_defined"]["netauto"]["ai"] = ai
    config.write_text(yaml.safe_dump(data))


def evaluate(label: str, url: str, routers: int, days: int, seed: int) -> dict[str, Any]:
    from aistub import StubServer
    from search_history import build, reworded

    from netauto.lab.fleet import start_fleet
    from netauto.project import Project

    with tempfile.TemporaryDirectory(prefix="netauto-search-") as folder:
        with start_fleet(count=routers) as fleet:
            plan = make_plan(list(fleet.names), days, seed)
            started = time.perf_counter()
            history = build(Path(folder), fleet, plan, url)
            built = time.perf_counter() - started
        project = Project.open(history.config, user="bench")
        project.search.refresh()
        text = ask(project, plan.questions, history)
        text_reworded = ask(project, reworded(), history, repeat=0)
        fresh = []
        for question in plan.questions:
            began = time.perf_counter()
            project.search.find(question["query"], fresh=True, kind=question.get("kind"))
            fresh.append((time.perf_counter() - began) * 1000)
        stub = StubServer().start()
        try:
            with_embeddings(Path(history.config), stub)
            project = Project.open(history.config, user="bench")
            began = time.perf_counter()
            embedded = project.search.refresh().vectors
            embed_s = time.perf_counter() - began
            vector = ask(project, plan.questions, history)
            vector_reworded = ask(project, reworded(), history)
            embedder = project.search.embedder()
            assert embedder is not None
            embedding = []
            for question in reworded() * 5:
                began = time.perf_counter()
                embedder.embed([question["query"]])
                embedding.append((time.perf_counter() - began) * 1000)
            sizes = project.search.reindex().sizes
            requests = len(stub.of("embeddings"))
        finally:
            stub.stop()
    share = [i / b for i, b in zip(history.index_cpu[1:], history.backup_cpu[1:], strict=True)]
    return {
        "label": label,
        **text,
        "reworded": text_reworded,
        "vector": vector,
        "vector_reworded": vector_reworded,
        "embedded": embedded,
        "embed_s": embed_s,
        "query_embed_p50": statistics.median(embedding),
        "query_embed_p95": percentile(embedding, 0.95),
        "embed_requests": requests,
        "fresh_p50": statistics.median(fresh),
        "fresh_p95": percentile(fresh, 0.95),
        "backup_cpu": statistics.median(history.backup_cpu[1:]),
        "index_cpu": statistics.median(history.index_cpu[1:]),
        "index_share": statistics.median(share),
        "index_share_max": max(share),
        "first_index_cpu": history.index_cpu[0],
        "first_backup_cpu": history.backup_cpu[0],
        "built_s": built,
        "sizes": sizes,
    }


def show_hits(title: str, found: dict[str, Any]) -> None:
    print(f"  {title}: {found['questions']} questions")
    print(f"    hit@1 {found['hit1']:.2f}  hit@5 {found['hit5']:.2f}")
    for kind, (count, first, five) in found["by_kind"].items():
        print(
            f"      {kind:7} {count:3} questions  hit@1 {first / count:.2f}  "
            f"hit@5 {five / count:.2f}"
        )
    if "p50" in found:
        print(
            f"    latency ms (index current): p50 {found['p50']:.1f}  p95 {found['p95']:.1f}; "
            f"pooled connection p50 {found['pooled_p50']:.1f}  p95 {found['pooled_p95']:.1f}"
        )
    for question, rank in found["misses"]:
        print(f"      not first: {question!r} (rank {rank})")


def scale(url: str, routers: int, versions: int, seed: int) -> dict[str, Any]:
    """Synthetic versions straight into the index, then the queries' latency."""
    import random
    from datetime import UTC, datetime, timedelta

    from netauto.db.direct import Database
    from netauto.db.migrate import upgrade
    from netauto.search import search
    from netauto.search.index import _Routers

    upgrade(url)
    rng = random.Random(seed)
    base = [
        "hostname {r}",
        "logging host 192.0.2.50",
        "no ip http server",
        "ntp server 192.0.2.123",
        *[
            f"interface GigabitEthernet0/{i}\n description port {i}\n ip address 10.{{n}}.{i}.1 "
            "255.255.255.0"
            for i in range(8)
        ],
        *[f"ip route 172.16.{i}.0 255.255.255.0 10.{{n}}.0.254" for i in range(40)],
    ]
    database = Database.connect(url)
    writer_routers = None
    started = time.perf_counter()
    start = datetime(2026, 9, 1, tzinfo=UTC)
    from netauto.db.search_index import IndexWriter

    writer = IndexWriter(database)
    for number in range(routers):
        name = f"S{number:04d}"
        lines = [line.format(r=name, n=number % 250) for line in base]
        writer_routers = _Routers(writer)
        with database.transaction():
            for version in range(versions):
                lines.append(f"logging host 10.{number % 250}.{version}.{rng.randint(1, 250)}")
                if version % 3 == 0:
                    lines.append("ip http server" if version % 2 else "no ip http server")
                if len(lines) > 90:
                    del lines[55]
                sha = uuid.UUID(int=rng.getrandbits(128)).hex + "00000000"
                at = start + timedelta(days=version, minutes=number)
                writer_routers.add(name, sha, at, "\n".join(lines))
    filled = time.perf_counter() - started
    database.execute("ANALYZE")
    database.close()
    queries = [
        ("address", "10.7.42.13"),
        ("address", "192.0.2.50"),
        ("block", "10.7.0.0/16"),
        ("phrase", "ip http server"),
        ("phrase", "description port 3"),
        ("words", "logging host"),
    ]
    timings: dict[str, list[float]] = {}
    for _ in range(20):
        for kind, text in queries:
            began = time.perf_counter()
            search(url, text, kind="config", limit=20, pooled=True)
            timings.setdefault(f"{kind} {text}", []).append((time.perf_counter() - began) * 1000)
    every = [value for values in timings.values() for value in values]
    return {
        "routers": routers,
        "versions": versions,
        "fill_s": filled,
        "p50": statistics.median(every),
        "p95": percentile(every, 0.95),
        "per_query": {name: percentile(values, 0.95) for name, values in timings.items()},
    }


def vector_scoring(sections: int = 1000) -> dict[int, float]:
    """Milliseconds to score one query against ``sections`` stored vectors, in Python
    (netauto.search.vectors.cosines), for a stub-sized and an OpenAI-sized vector."""
    import random

    from netauto.search.vectors import cosines, pack

    found = {}
    generator = random.Random(31)
    for dims in (256, 1536):
        blobs = [pack([generator.gauss(0, 1) for _ in range(dims)]) for _ in range(sections)]
        query = [generator.gauss(0, 1) for _ in range(dims)]
        times = []
        for _ in range(5):
            began = time.perf_counter()
            cosines(query, blobs)
            times.append((time.perf_counter() - began) * 1000)
        found[dims] = statistics.median(times)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", choices=("both", "sqlite", "postgresql", "none"), default="both"
    )
    parser.add_argument("--routers", type=int, default=11)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--scale", default="0", help="ROUTERSxVERSIONS on PostgreSQL, 0: none")
    args = parser.parse_args()
    labels = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    for label in labels if args.database != "none" else []:
        if label == "sqlite":
            folder = Path(tempfile.mkdtemp(prefix="netauto-search-db-"))
            url = f"sqlite:///{folder / 'netauto.db'}"
        else:
            url = pg_database()
        try:
            found = evaluate(label, url, args.routers, args.days, args.seed)
        finally:
            if label == "postgresql":
                drop_pg(url)
            else:
                shutil.rmtree(folder, ignore_errors=True)
        print(f"\n{label}")
        show_hits("full text", found)
        show_hits("full text, reworded document questions", found["reworded"])
        show_hits("full text + vectors (stub embeddings)", found["vector"])
        show_hits("full text + vectors, reworded document questions", found["vector_reworded"])
        print(
            f"  embedding the index: {found['embedded']} sections in {found['embed_s']:.2f} s "
            f"({found['embed_requests']} requests to the stub in all); a query's embedding "
            f"(a request to the stub) p50 {found['query_embed_p50']:.1f} ms, "
            f"p95 {found['query_embed_p95']:.1f} ms"
        )
        print(
            f"  latency ms (with catch-up): p50 {found['fresh_p50']:.1f}  "
            f"p95 {found['fresh_p95']:.1f}"
        )
        print(
            f"  backup run CPU s (median day) {found['backup_cpu']:.3f}; its indexing "
            f"{found['index_cpu'] * 1000:.1f} ms = {found['index_share']:.1%} "
            f"(max {found['index_share_max']:.1%}); first backup "
            f"{found['first_backup_cpu']:.3f} s, its indexing "
            f"{found['first_index_cpu'] * 1000:.1f} ms"
        )
        print(f"  index {found['sizes']}, month built in {found['built_s']:.0f} s")
    scoring = vector_scoring()
    print(
        "\nvector scoring in Python, one query over 1000 sections: "
        + ", ".join(f"{dims} dimensions {ms:.1f} ms" for dims, ms in scoring.items())
    )
    if args.scale != "0":
        routers, versions = (int(part) for part in args.scale.lower().split("x"))
        url = pg_database()
        try:
            found = scale(url, routers, versions, args.seed)
        finally:
            drop_pg(url)
        print(
            f"\npostgresql scale: {routers} routers x {versions} versions filled in "
            f"{found['fill_s']:.0f} s; config queries p50 {found['p50']:.1f} ms, "
            f"p95 {found['p95']:.1f} ms"
        )
        for name, value in found["per_query"].items():
            print(f"    p95 {value:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
