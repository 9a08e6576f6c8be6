"""The search index's reads: config line intervals and documents, ranked, on both databases.

SQLite ranks with FTS5's bm25, PostgreSQL with ts_rank over GIN-indexed tsvectors; both
return the same rows. Addresses are matched on integers (exact, or a CIDR's range), exact
lines on the line itself. Statements are built here only (``netauto.search`` says what to
look for, never how).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netauto.db.direct import Database, error_line
from netauto.db.url import redacted
from netauto.exceptions import DatabaseError


@contextmanager
def index_reader(url: str, *, pooled: bool = False) -> Iterator[Database]:
    """A connection to search on: a direct one (a command), or one of the process's pool
    (servers: the web, the assistant), saving a connection's set-up per search."""
    if not pooled:
        # Reads only, outside a transaction: SQLite's BEGIN IMMEDIATE would wait for a writer.
        database = Database.connect(url)
        try:
            yield database
        except database.errors as exc:
            raise DatabaseError(f"cannot search in {redacted(url)}: {error_line(exc)}") from None
        finally:
            database.close()
        return
    from sqlalchemy.exc import SQLAlchemyError

    from netauto.db.engine import get_engine

    try:
        with get_engine(url).connect() as connection:
            database = Database.of(connection)
            try:
                yield database
            except database.errors as exc:
                raise DatabaseError(
                    f"cannot search in {redacted(url)}: {error_line(exc)}"
                ) from None
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot search in {redacted(url)}: {error_line(exc)}") from None


@dataclass(frozen=True)
class LineRow:
    """One stretch of versions of one router holding one line."""

    router: str
    parent: str
    line: str
    current: bool
    first_sha: str
    first_at: datetime
    last_sha: str
    last_at: datetime
    versions: int
    rank: float
    before_sha: str | None = None  # the router's version before ``first_sha``


@dataclass(frozen=True)
class DocRow:
    kind: str
    ref: str
    title: str
    snippet: str
    routers: str | None
    at: datetime | None
    rank: float
    failed: str | None = None


def _fts5(terms: Sequence[str], mode: str) -> str:
    """An FTS5 query: the terms as one phrase, all of them, or any of them."""
    quoted = ['"' + term.replace('"', '""') + '"' for term in terms if term]
    if mode == "phrase":
        return '"' + " ".join(terms).replace('"', '""') + '"'
    return (" OR " if mode == "any" else " ").join(quoted)


def _tsquery(config: str, mode: str) -> str:
    if mode == "phrase":
        return f"phraseto_tsquery('{config}', ?)"
    if mode == "all":
        return f"plainto_tsquery('{config}', ?)"
    return f"websearch_to_tsquery('{config}', ?)"


def _ts_text(terms: Sequence[str], mode: str) -> str:
    return " or ".join(terms) if mode == "any" else " ".join(terms)


_LINE_COLUMNS = (
    "SELECT l.router, l.parent, l.line, l.is_open, f.sha, f.committed_at, t.sha, "
    "t.committed_at, (SELECT COUNT(*) FROM search_versions v WHERE v.router = l.router "
    "AND v.id >= l.first_version AND v.id <= t.id), c.rank, (SELECT p.sha FROM "
    "search_versions p WHERE p.router = l.router AND p.id < l.first_version "
    "ORDER BY p.id DESC LIMIT 1) "
)
_LINE_JOINS = (
    " JOIN search_lines l ON l.id = c.id JOIN search_versions f ON f.id = l.first_version "
    "JOIN search_versions t ON t.id = COALESCE(l.last_version, "
    "(SELECT MAX(m.id) FROM search_versions m WHERE m.router = l.router)) "
)


def _line_rows(
    db: Database,
    candidates: str,
    params: Sequence[Any],
    *,
    router: str | None,
    since: datetime | None,
    limit: int,
) -> list[LineRow]:
    """The best ``limit`` candidates first (on search_lines alone), then their versions."""
    where, extra = [], []
    if router:
        where.append("l.router = ?")
        extra.append(router)
    if since is not None:
        where.append(
            "EXISTS (SELECT 1 FROM search_versions t WHERE t.id = COALESCE(l.last_version, "
            "(SELECT MAX(m.id) FROM search_versions m WHERE m.router = l.router)) "
            "AND t.committed_at >= ?)"
        )
        extra.append(db.bind_time(since))
    best = f"SELECT l.id, c.rank FROM ({candidates}) c JOIN search_lines l ON l.id = c.id"
    if where:
        best += " WHERE " + " AND ".join(where)
    best += " ORDER BY c.rank, l.router, l.first_version LIMIT ?"
    sql = f"{_LINE_COLUMNS} FROM ({best}) c {_LINE_JOINS} ORDER BY c.rank, l.router, f.id"
    rows = db.rows(sql, (*params, *extra, limit))
    return [
        LineRow(
            router=str(r[0]),
            parent=str(r[1]),
            line=str(r[2]),
            current=bool(r[3]),
            first_sha=str(r[4]),
            first_at=_time(r[5]),
            last_sha=str(r[6]),
            last_at=_time(r[7]),
            versions=int(r[8]),
            rank=float(r[9] or 0),
            before_sha=None if r[10] is None else str(r[10]),
        )
        for r in rows
    ]


def _time(value: Any) -> datetime:
    found = Database.read_time(value)
    assert found is not None  # NOT NULL columns
    return found


def lines_matching(
    db: Database,
    terms: Sequence[str],
    *,
    mode: str = "phrase",
    router: str | None = None,
    since: datetime | None = None,
    limit: int = 50,
) -> list[LineRow]:
    """Line intervals whose line (or parent) matches the terms, best first."""
    if db.dialect == "sqlite":
        candidates = (
            "SELECT rowid AS id, bm25(search_lines_fts, 1.0, 0.3) AS rank "
            "FROM search_lines_fts WHERE search_lines_fts MATCH ?"
        )
        params: list[Any] = [_fts5(terms, mode)]
    else:
        candidates = (
            # The shortest matching lines first (the closest to the words): ts_rank would
            # read every match's vector, and broad words match most of a fleet's lines.
            "SELECT id, length(line) AS rank FROM search_lines, "
            f"{_tsquery('simple', mode)} q WHERE tsv @@ q"
        )
        params = [_ts_text(terms, mode)]
    return _line_rows(db, candidates, params, router=router, since=since, limit=limit)


def lines_exact(
    db: Database,
    line: str,
    *,
    router: str | None = None,
    since: datetime | None = None,
    limit: int = 50,
) -> list[LineRow]:
    """Line intervals whose line is exactly ``line`` (stripped, as indexed)."""
    candidates = "SELECT id, -10.0 AS rank FROM search_lines WHERE line = ?"
    return _line_rows(db, candidates, [line], router=router, since=since, limit=limit)


def lines_with_addresses(
    db: Database,
    low: int,
    high: int,
    *,
    router: str | None = None,
    since: datetime | None = None,
    limit: int = 50,
) -> list[LineRow]:
    """Line intervals holding an IPv4 address within ``low``..``high`` (integers)."""
    candidates = (
        "SELECT line_id AS id, MIN(0.0) AS rank FROM search_addresses "
        "WHERE addr BETWEEN ? AND ? GROUP BY line_id"
    )
    return _line_rows(db, candidates, [low, high], router=router, since=since, limit=limit)


def docs_matching(
    db: Database,
    terms: Sequence[str],
    *,
    kinds: Sequence[str],
    mode: str = "all",
    router: str | None = None,
    since: datetime | None = None,
    limit: int = 20,
) -> list[DocRow]:
    """Runs and document sections matching the terms, best first, with a snippet."""
    if not kinds or not terms:
        return []
    marks = ", ".join("?" for _ in kinds)
    where = [f"d.kind IN ({marks})"]
    params: list[Any] = []
    if db.dialect == "sqlite":
        sql = (
            "SELECT d.kind, d.ref, d.title, snippet(search_docs_fts, 1, '**', '**', ' ... ', 16), "
            "d.routers, d.at, bm25(search_docs_fts, 5.0, 1.0) AS rank, d.failed "
            "FROM search_docs_fts JOIN search_docs d ON d.id = search_docs_fts.rowid "
        )
        where.insert(0, "search_docs_fts MATCH ?")
        params.append(_fts5(terms, mode))
    else:
        sql = (
            "SELECT d.kind, d.ref, d.title, ts_headline('english', d.body, q, "
            "'StartSel=**, StopSel=**, MaxWords=24, MinWords=8'), d.routers, d.at, "
            f"-ts_rank(d.tsv, q) AS rank, d.failed FROM search_docs d, "
            f"{_tsquery('english', mode)} q "
        )
        where.insert(0, "d.tsv @@ q")
        params.append(_ts_text(terms, mode))
    params.extend(kinds)
    if router:
        where.append("d.routers LIKE ?")
        params.append(f"% {router} %")
    if since is not None:
        where.append("d.at >= ?")
        params.append(db.bind_time(since))
    sql += "WHERE " + " AND ".join(where) + " ORDER BY rank LIMIT ?"
    rows = db.rows(sql, (*params, limit))
    return [
        DocRow(
            kind=str(r[0]),
            ref=str(r[1]),
            title=str(r[2]),
            snippet=" ".join(str(r[3] or "").split()),
            routers=str(r[4]) if r[4] else None,
            at=Database.read_time(r[5]),
            rank=float(r[6] or 0),
            failed=str(r[7]) if r[7] else None,
        )
        for r in rows
    ]


def router_known(db: Database, router: str) -> bool:
    """Whether the index holds a backup version or a run of ``router``."""
    if db.rows("SELECT 1 FROM search_versions WHERE router = ? LIMIT 1", (router,)):
        return True
    return bool(
        db.rows(
            "SELECT 1 FROM search_docs WHERE kind = 'run' AND routers LIKE ? LIMIT 1",
            (f"% {router} %",),
        )
    )
