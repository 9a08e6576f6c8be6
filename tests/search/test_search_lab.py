"""Search over a small fleet's history (real SSH, real git, SQLite and PostgreSQL).

Three routers, three backups: R15 and R16 turn ``ip http server`` on, R15 turns it off again
and R17 gets a second syslog host; a fourth backup fails on R16, down. Every
question is asked of the same history on both databases.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aistub import Call, StubServer, ai_section
from netauto_testing import Project, configure_router, make_project

from netauto.db.engine import dispose_engines

CANARY = "Canary-s3cret-77"


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def history(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, fleet: Any
) -> Iterator[Project]:
    folder = tmp_path_factory.mktemp(f"search-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'netauto.db'}"
    else:
        url = request.getfixturevalue("postgres_server")()
    project = make_project(folder, url, fleet)
    (folder / "docs").mkdir()
    (folder / "docs" / "standards.md").write_text(
        "# Standards\n\nThe team's rules.\n\n## Management plane\n\n"
        "Never run the HTTP server on a router: `no ip http server` everywhere.\n\n"
        "## Syslog\n\nEvery router logs to 192.0.2.50 at warnings.\n"
    )
    fleet.reset()
    assert project.run("backup").exit_code == 0
    configure_router(project, "R15", ["ip http server"])
    configure_router(project, "R16", ["ip http server"])
    assert project.run("backup").exit_code == 0
    configure_router(project, "R15", ["no ip http server"])
    configure_router(
        project, "R17", ["logging host 198.51.100.7", f"snmp-server community {CANARY} RO"]
    )
    assert project.run("backup").exit_code == 0
    fleet.set_fault("R16", down=True)
    assert project.run("backup").exit_code == 1  # R16 fails, nothing changes
    fleet.clear_faults("R16")
    yield project
    fleet.reset()
    dispose_engines()


def search(project: Project, *args: str) -> Any:
    """``netauto search ARGS --json``, parsed."""
    result = project.run("search", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_since_when(history: Project) -> None:
    found = search(history, "ip http server", "--kind", "config")
    exact = [hit for hit in found["config"] if hit["exact"]]
    assert sorted(hit["router"] for hit in exact) == ["R15", "R16"]
    by_router = {hit["router"]: hit for hit in exact}
    assert by_router["R15"]["current"] is False and by_router["R16"]["current"] is True
    # A version is a commit that changed the router's file: R16's third backup was unchanged.
    assert by_router["R15"]["versions"] == 1 and by_router["R16"]["versions"] == 1
    assert by_router["R15"]["first"] == by_router["R15"]["last"]
    assert by_router["R16"]["first"] == by_router["R15"]["first"]
    # "no ip http server" (the default) follows the exact lines, never before them.
    assert found["config"][: len(exact)] == exact
    assert found["runs"] == [] and found["docs"] == []


def test_table_names_routers_and_versions(history: Project) -> None:
    result = history.run("search", "ip http server")
    assert result.exit_code == 0, result.output
    assert "R15" in result.output and "R16" in result.output
    assert "first version" in result.output and "last version" in result.output


def test_address_finds_every_router(history: Project) -> None:
    found = search(history, "192.0.2.50")
    assert sorted({hit["router"] for hit in found["config"]}) == ["R15", "R16", "R17"]
    assert all("192.0.2.50" in hit["line"] for hit in found["config"])
    refs = [doc["ref"] for doc in found["docs"]]
    assert refs[0] == "project:standards.md#syslog"  # the project's docs, then netauto's own
    assert all(ref.startswith("netauto:") for ref in refs[1:])
    block = search(history, "198.51.100.0/24", "--kind", "config")
    assert [hit["router"] for hit in block["config"]] == ["R17"]
    assert block["config"][0]["line"] == "logging host 198.51.100.7"
    only = search(history, "192.0.2.50", "--router", "R16", "--kind", "config")
    assert {hit["router"] for hit in only["config"]} == {"R16"}


def test_docs_and_runs(history: Project) -> None:
    found = search(history, "http server router", "--kind", "docs")
    assert found["docs"][0]["ref"] == "project:standards.md#management-plane"
    runs = search(history, "backup", "--kind", "runs")
    assert len(runs["runs"]) == 4 and all("backup" in run["title"] for run in runs["runs"])
    # R16 changed in the first two runs and failed in the fourth.
    failed = search(history, "backup failed", "--router", "R16", "--kind", "runs")["runs"]
    assert [run["failed"] for run in failed] == [["R16"]]
    changed = search(history, "backup", "--router", "R16", "--kind", "runs")["runs"]
    assert sorted(run["routers"] for run in changed) == [
        ["R15", "R16"],
        ["R15", "R16", "R17"],
        ["R16"],
    ]


def test_reindex_gives_the_same_answers(history: Project) -> None:
    before = search(history, "ip http server", "--kind", "config")
    result = history.run("search", "--reindex")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Search index rebuilt: 7 backup versions")
    assert search(history, "ip http server", "--kind", "config") == before


def test_two_indexers_at_once_index_each_version_once(history: Project) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from netauto.db.direct import connected
    from netauto.db.search_index import IndexWriter, index_size
    from netauto.search import refresh

    with connected(history.database_url, "empty the index") as database:
        IndexWriter(database).clear()
    with ThreadPoolExecutor(2) as pool:
        done = list(
            pool.map(lambda _: refresh(history.database_url, backups=history.backups), range(2))
        )
    assert sorted(indexed.versions for indexed in done) == [0, 7]
    with connected(history.database_url, "count") as database:
        assert index_size(database)["versions"] == 7


def test_a_search_does_not_wait_for_a_writer(history: Project) -> None:
    """An index already current is only read: a run holding SQLite's write lock (the log
    writer's batch), or another indexer holding PostgreSQL's indexing lock, does not hold a
    search up."""
    import time

    from netauto.db.direct import Database

    search(history, "ip http server")  # current now
    writer = Database.connect(history.database_url)
    if writer.dialect == "sqlite":
        writer.execute("BEGIN IMMEDIATE")
    else:
        writer.rows("SELECT pg_advisory_lock(310031)")  # netauto.db.search_index._LOCK
    try:
        started = time.monotonic()
        found = search(history, "ip http server", "--kind", "config")
        assert time.monotonic() - started < 5  # SQLite's busy_timeout is 10 s
    finally:
        writer.close()
    assert {hit["router"] for hit in found["config"] if hit["exact"]} == {"R15", "R16"}


def test_secrets_are_masked_in_the_index(history: Project) -> None:
    result = history.run("search", "snmp-server community", "--json")
    assert result.exit_code == 0 and CANARY not in result.output
    [hit] = json.loads(result.output)["config"]
    assert hit["line"] == "snmp-server community <removed> RO"
    assert CANARY in (history.backups / "R17.cfg").read_text()  # the file itself is not masked
    assert history.run("search", CANARY).output.startswith("Nothing found")


def test_refusals(history: Project) -> None:
    for args, message in (
        ((), "give something to search for"),
        (("   ",), "give something to search for"),
        (("10.0.0.0/33",), "is not an IPv4 address"),
        (("x", "--kind", "bogus"), "Invalid value for '--kind'"),
        (("x", "--since", "yesterday"), "--since 'yesterday'"),
        (("x", "--router", "R99"), "--router 'R99' has no backup and no run in the search index"),
    ):
        result = history.run("search", *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)


def test_the_assistant_answers_from_search_citing_sources(
    tmp_path: Path, sqlite_url: str, fleet: Any, stub: StubServer
) -> None:
    project = make_project(tmp_path, sqlite_url, fleet, ai=ai_section(stub))
    assert project.run("backup").exit_code == 0

    def answer(request: dict[str, Any]) -> str:
        """The model's answer, written from the search tool's result it was sent."""
        found = json.loads(request["messages"][-1]["content"])
        return f"192.0.2.50 is configured on {', '.join(found['routers'])}. Sources: " + "; ".join(
            found["sources"]
        )

    stub.script("openai", Call("search", {"query": "192.0.2.50", "kind": "config"}), answer)
    out = project.run("chat", "--user", "ada", "-m", "where is 192.0.2.50 configured?", "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [call["name"] for call in data["tool_calls"]] == ["search"]
    assert data["answer"].startswith("192.0.2.50 is configured on R15, R16, R17. Sources: R15@")
    commit = subprocess.run(
        ["git", "-C", str(project.backups), "rev-parse", "--short=7", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert f"R17@{commit}" in data["answer"] and "still configured" in data["answer"]
    first = stub.of("openai")[0].json
    assert "search" in {tool["function"]["name"] for tool in first["tools"]}
    assert "call search first and cite the sources" in first["messages"][0]["content"]
