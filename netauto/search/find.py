"""One search over the index: config lines (with "since when"), runs and documents.

An IPv4 address or CIDR block finds the lines configuring an address in it (and documents
and runs naming it); words find config lines holding them as a phrase (exact lines first:
``ip http server`` before ``no ip http server``), then as separate words, and runs and
document sections ranked by full text (and, given an embedder, by vector similarity too,
the two rankings fused: :mod:`netauto.search.vectors`). Every front end (``netauto search``,
``GET /api/search``, the web's search box, the assistant's ``search`` tool) calls
:func:`search` and shows its :class:`Results`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from netauto.db.direct import Database
from netauto.db.search_query import (
    DocRow,
    LineRow,
    docs_matching,
    index_reader,
    lines_exact,
    lines_matching,
    lines_with_addresses,
    router_known,
)
from netauto.exceptions import UsageError
from netauto.search.query import Query, check_kind, parse_query
from netauto.search.vectors import Embedder, fuse, most_similar


@dataclass(frozen=True)
class Version:
    sha: str
    at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"sha": self.sha, "short": self.sha[:7], "at": self.at.isoformat()}


@dataclass(frozen=True)
class ConfigHit:
    """A router whose backups held a line, from its first to its last version."""

    router: str
    line: str
    parent: str
    first: Version
    last: Version
    current: bool  # the newest backup still holds it
    versions: int
    exact: bool
    before: str | None = None  # the version before ``first``: their diff added the line

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(kind="config", first=self.first.to_json(), last=self.last.to_json())
        return data


@dataclass(frozen=True)
class DocHit:
    """A run (``ref``: its id) or a document section (``ref``: ``project:file.md#anchor``)."""

    kind: str  # "run" or "doc"
    ref: str
    title: str
    snippet: str
    routers: tuple[str, ...]  # a run: the routers that failed or changed in it
    at: datetime | None
    failed: tuple[str, ...] = ()  # a run: the routers that failed in it
    # Its rank in each ranking that found it ("text", "vector"), and its fused score.
    ranks: dict[str, int] = field(default_factory=dict, compare=False)
    score: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ref": self.ref,
            "title": self.title,
            "snippet": self.snippet,
            "routers": list(self.routers),
            "failed": list(self.failed),
            "at": self.at.isoformat() if self.at else None,
            "ranks": dict(self.ranks),
            "score": None if self.score is None else round(self.score, 6),
        }


@dataclass(frozen=True)
class Results:
    query: str
    config: list[ConfigHit] = field(default_factory=list)
    runs: list[DocHit] = field(default_factory=list)
    docs: list[DocHit] = field(default_factory=list)
    # How documents were ranked: "text", or "text+vector <model>" (reciprocal rank fusion).
    ranking: str = "text"

    @property
    def empty(self) -> bool:
        return not (self.config or self.runs or self.docs)

    @property
    def routers(self) -> list[str]:
        return sorted({hit.router for hit in self.config})

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "ranking": self.ranking,
            "config": [hit.to_json() for hit in self.config],
            "runs": [hit.to_json() for hit in self.runs],
            "docs": [hit.to_json() for hit in self.docs],
        }


def _config_hit(row: LineRow, query: Query) -> ConfigHit:
    wanted = query.text.lower()
    line = row.line.lower()
    exact = not query.is_address and (line == wanted or line.startswith(wanted + " "))
    return ConfigHit(
        router=row.router,
        line=row.line,
        parent=row.parent,
        first=Version(row.first_sha, row.first_at),
        last=Version(row.last_sha, row.last_at),
        current=row.current,
        versions=row.versions,
        exact=exact or query.is_address,
        before=row.before_sha,
    )


def _doc_hit(row: DocRow) -> DocHit:
    return DocHit(
        row.kind,
        row.ref,
        row.title,
        row.snippet,
        tuple((row.routers or "").split()),
        row.at,
        tuple((row.failed or "").split()),
    )


def _ranked(hits: list[DocHit]) -> list[DocHit]:
    """Each hit's rank in the list, as shown (``ranks["text"]``)."""
    return [replace(hit, ranks={"text": rank}) for rank, hit in enumerate(hits, 1)]


def _snippet(body: str, words: int = 24) -> str:
    found = body.split()
    return " ".join(found[:words]) + (" ..." if len(found) > words else "")


def _fused(
    db: Database,
    texts: list[DocHit],
    vector: list[float],
    model: str,
    since: datetime | None,
    limit: int,
) -> list[DocHit]:
    """The document sections of the full-text and the vector rankings, by reciprocal rank
    fusion; a section only the vectors found gets the start of its text as a snippet."""
    near = most_similar(db, vector, model=model, since=since, limit=limit)
    by_ref = {hit.ref: hit for hit in texts}
    for item in near:
        row = item.row
        if row.ref not in by_ref:
            by_ref[row.ref] = DocHit("doc", row.ref, row.title, _snippet(row.body), (), row.at)
    fused = fuse({"text": [hit.ref for hit in texts], "vector": [i.row.ref for i in near]})
    return [replace(by_ref[ref], ranks=ranks, score=score) for ref, score, ranks in fused[:limit]]


def _config(
    db: Database, query: Query, router: str | None, since: datetime | None, limit: int
) -> list[ConfigHit]:
    if query.is_address:
        assert query.low is not None and query.high is not None
        rows = lines_with_addresses(
            db, query.low, query.high, router=router, since=since, limit=limit
        )
    else:
        rows = lines_exact(db, query.text, router=router, since=since, limit=limit)
        seen = {(r.router, r.parent, r.line, r.first_sha) for r in rows}
        for mode in ("phrase", "all"):
            if len(rows) >= limit:
                break
            more = lines_matching(
                db, query.terms, mode=mode, router=router, since=since, limit=limit
            )
            for row in more:
                key = (row.router, row.parent, row.line, row.first_sha)
                if key not in seen and len(rows) < limit:
                    seen.add(key)
                    rows.append(row)
            if rows:
                break
    hits = [_config_hit(row, query) for row in rows]
    # Exact lines first, then as ranked; stretches still held before those that ended;
    # within a rank, by router and time.
    return sorted(hits, key=lambda hit: (not hit.exact, not hit.current))


def _documents(
    db: Database,
    query: Query,
    kinds: tuple[str, ...],
    router: str | None,
    since: datetime | None,
    limit: int,
) -> list[DocRow]:
    terms = (query.text,) if query.is_address else query.terms
    mode = "phrase" if query.is_address else "all"
    rows = docs_matching(db, terms, kinds=kinds, mode=mode, router=router, since=since, limit=limit)
    if not rows and not query.is_address and len(terms) > 1:
        rows = docs_matching(
            db, terms, kinds=kinds, mode="any", router=router, since=since, limit=limit
        )
    return rows


def _runs(hits: list[DocHit], query: Query, router: str | None) -> list[DocHit]:
    """Asked about a router's failures, the runs in which it failed come first."""
    if not router or not any(term.startswith("fail") for term in query.terms):
        return hits
    return sorted(hits, key=lambda hit: router not in hit.failed)


def search(
    url: str,
    text: str,
    *,
    router: str | None = None,
    since: datetime | None = None,
    kind: str | None = None,
    limit: int = 20,
    pooled: bool = False,
    embedder: Embedder | None = None,
) -> Results:
    """Search the index of the database at ``url`` (refresh it first: :func:`refresh`).

    ``pooled``: on a connection of the process's pool (a server), not a new one.
    ``embedder``: document sections are also ranked by vector similarity to the query (its
    masked text is sent to the embeddings provider) and both rankings fused; without one,
    nothing leaves the machine."""
    query = parse_query(text)
    kinds = check_kind(kind)
    wanted = tuple(k for k, name in (("run", "runs"), ("doc", "docs")) if name in kinds)
    vector = None
    if embedder is not None and "doc" in wanted and not router and not query.is_address:
        # Before a connection is taken: none is held while the provider answers.
        vector = embedder.embed([query.text])[0]
    with index_reader(url, pooled=pooled) as db:
        if router and not router_known(db, router):
            raise UsageError(
                f"{{router}} {router!r} has no backup and no run in the search index",
                params=("router",),
            )
        config = _config(db, query, router, since, limit) if "config" in kinds else []
        rows = _documents(db, query, wanted, router, since, limit) if wanted else []
        runs = _runs([_doc_hit(row) for row in rows if row.kind == "run"], query, router)
        # The team's own documents before netauto's manual, each as ranked.
        docs = sorted(
            (_doc_hit(row) for row in rows if row.kind == "doc" and not router),
            key=lambda hit: not hit.ref.startswith("project:"),
        )
        docs, ranking = _ranked(docs), "text"
        if embedder is not None and vector is not None:
            docs = _fused(db, docs, vector, embedder.model, since, limit)
            ranking = f"text+vector {embedder.model}"
    return Results(query=query.text, config=config, runs=_ranked(runs), docs=docs, ranking=ranking)
