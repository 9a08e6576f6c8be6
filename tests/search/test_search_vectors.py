"""Vector similarity for documents: the stub's embeddings, masking, fusion, both databases.

No fleet: a project with a ``docs/`` folder (and netauto's own docs, a source checkout) on
SQLite and on PostgreSQL, searched once without an embeddings provider and once with the
test stub's ``/v1/embeddings`` (deterministic: hashed character trigrams).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aistub import Fail, StubServer, embeddings_section
from netauto_testing import Project as Folder
from netauto_testing import many_hosts, write_project

from netauto.db.engine import dispose_engines
from netauto.exceptions import AIError
from netauto.project import Project
from netauto.search.vectors import fuse, pack, unpack

CANARY = "Canary-vector-s3cret-31"
NTP_DOC = f"""# Operations standards

## Clock discipline

Every router takes its clock from the two Quuxtime NTP servers 192.0.2.10 and 192.0.2.11,
which keep the fleet synchronized, with authentication: `ntp authentication-key 1 md5 {CANARY}`.
The time zone is UTC.

## Time stamps

Logs and debugging carry milliseconds.
"""
SNMP_DOC = f"""# Monitoring

## Polling

The poller reads interface counters every five minutes over SNMP v2c with the community
`snmp-server community {CANARY} RO`, restricted by access list 99.
"""
# Misspelt: no word of it is in any document (netauto's own included), so full text misses.
PARAPHRASE = "quxtime synchronizaton"
TARGET = "project:time.md#clock-discipline"


def test_pack_normalises_and_fuse_adds_reciprocal_ranks() -> None:
    assert [round(x, 6) for x in unpack(pack([3.0, 4.0]))] == [0.6, 0.8]
    fused = fuse({"text": ["a", "b"], "vector": ["b", "c"]})
    assert [key for key, _, _ in fused] == ["b", "a", "c"]
    assert fused[0][2] == {"text": 2, "vector": 1}
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    server = StubServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def new_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], str]]:
    """A factory of new databases of one kind."""
    if request.param == "sqlite":
        yield lambda: f"sqlite:///{tmp_path_factory.mktemp('vectors-db') / 'netauto.db'}"
    else:
        yield request.getfixturevalue("postgres_server")
    dispose_engines()


def make(folder: Path, url: str, **netauto: Any) -> Folder:
    config = write_project(
        folder, url, many_hosts(2), {"backups_dir": str(folder / "backups"), **netauto}
    )
    docs = folder / "docs"
    docs.mkdir()
    (docs / "time.md").write_text(NTP_DOC)
    (docs / "monitoring.md").write_text(SNMP_DOC)
    return Folder(folder, config, url, None)


@pytest.fixture(scope="module")
def plain(new_url: Callable[[], str], tmp_path_factory: pytest.TempPathFactory) -> Folder:
    """A project without an embeddings provider."""
    return make(tmp_path_factory.mktemp("plain"), new_url())


@pytest.fixture(scope="module")
def embedded(
    new_url: Callable[[], str], tmp_path_factory: pytest.TempPathFactory, stub: StubServer
) -> Folder:
    """The same documents in a database of their own, the stub as embeddings provider."""
    return make(
        tmp_path_factory.mktemp("embedded"), new_url(), ai=embeddings_section(stub, dimensions=512)
    )


def find(project: Folder, text: str, **options: Any) -> Any:
    return Project.open(project.config).search.find(text, kind="docs", **options)


def test_nothing_leaves_without_a_provider(
    plain: Folder, stub: StubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url("openai"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-not-for-embeddings")
    before = len(stub.requests)
    found = find(plain, PARAPHRASE)
    assert found.ranking == "text" and found.docs == []
    found = find(plain, "NTP servers")
    assert found.docs[0].ref == TARGET and found.docs[0].ranks == {"text": 1}
    assert len(stub.requests) == before  # not one request, embeddings or other


def test_only_masked_text_reaches_the_provider(embedded: Folder, stub: StubServer) -> None:
    before = len(stub.of("embeddings"))
    find(embedded, "ntp authentication")
    sent = [text for r in stub.of("embeddings")[before:] for text in r.inputs()]
    ours = [text for text in sent if "authentication-key" in text or "community" in text]
    assert len(ours) >= 2, "the project's sections were embedded"
    assert not [text for text in sent if CANARY in text]
    assert any("ntp authentication-key 1 md5 <" in text for text in ours)
    assert {r.json["dimensions"] for r in stub.of("embeddings")[before:]} == {512}
    before = len(stub.of("embeddings"))
    find(embedded, f"snmp-server community {CANARY} RO")  # a query holding a secret
    (query,) = [text for r in stub.of("embeddings")[before:] for text in r.inputs()]
    assert CANARY not in query and query.startswith("snmp-server community <")


def test_a_paraphrase_is_found_by_its_vector(plain: Folder, embedded: Folder) -> None:
    assert find(plain, PARAPHRASE).docs == []  # full text alone finds nothing
    found = find(embedded, PARAPHRASE)
    assert found.ranking == "text+vector embed-stub@512"
    assert found.docs[0].ref == TARGET
    assert found.docs[0].ranks == {"vector": 1}
    assert found.docs[0].snippet.startswith("Every router takes its clock")
    assert len(found.docs) > 1  # the vectors rank every section: the others come after
    # A question full text answers keeps its text rank, fused with its vector rank.
    both = find(embedded, "NTP servers").docs[0]
    assert both.ref == TARGET and both.ranks.get("text") == 1 and "vector" in both.ranks


def test_incremental_then_reindex(embedded: Folder, stub: StubServer) -> None:
    find(embedded, "polling")
    before = len(stub.of("embeddings"))
    find(embedded, "polling")  # nothing new: only the query is sent
    assert [r.inputs() for r in stub.of("embeddings")[before:]] == [["polling"]]
    (embedded.folder / "docs" / "monitoring.md").write_text(SNMP_DOC + "\n## Traps\n\nNone.\n")
    before = len(stub.of("embeddings"))
    find(embedded, "traps")
    sent = [t for r in stub.of("embeddings")[before:] for t in r.inputs()]
    assert len(sent) == 4  # the changed file's three sections, then the query
    result = embedded.run("search", "--reindex", "--json")
    assert result.exit_code == 0, result.output
    sizes = json.loads(result.output)["reindexed"]
    assert sizes["vectors"] == sizes["docs"] > 4
    result = embedded.run("search", PARAPHRASE, "--kind", "docs", "--json")
    assert result.exit_code == 0, result.output
    hit = json.loads(result.output)["docs"][0]
    assert hit["ref"] == TARGET and hit["ranks"] == {"vector": 1} and hit["score"] > 0


def test_a_failing_provider_is_one_line(embedded: Folder, stub: StubServer) -> None:
    stub.script("embeddings", Fail(503, "overloaded"))
    try:
        with pytest.raises(AIError, match="embeddings provider failed: HTTP 503"):
            find(embedded, "clock")
    finally:
        stub.script("embeddings", default="! nothing to do")


def test_a_model_without_key_or_url_is_refused(
    new_url: Callable[[], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "NETAUTO_AI_EMBEDDINGS_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    project = make(tmp_path, new_url(), ai={"embeddings": {"model": "text-embedding-3-small"}})
    result = project.run("search", "clock")
    assert result.exit_code == 2
    assert "ai.embeddings.model is set but there is no key" in result.output
    assert len(result.output.strip().splitlines()) == 1
