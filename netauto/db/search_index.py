"""The search index's writes: backup versions as line intervals, addresses, documents.

Plain SQL on the DB-API driver (:mod:`netauto.db.direct`): a backup run indexes its new
versions on its way out, and SQLAlchemy would cost it more than the indexing itself. The
tables are migration 0011's; full text is FTS5 on SQLite (kept here, row for row) and a
generated tsvector on PostgreSQL (kept by the server).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netauto.db.direct import Database

_LOCK = 310031  # the advisory lock of the search indexers (PostgreSQL)
_TABLES = (
    "search_vectors",
    "search_addresses",
    "search_lines",
    "search_docs",
    "search_versions",
    "search_state",
)


@dataclass(frozen=True)
class IndexLine:
    """One config line under its top-level parent ('' at the top), with its IPv4 addresses."""

    parent: str
    line: str
    addresses: tuple[int, ...] = ()


@dataclass(frozen=True)
class IndexDoc:
    """A run or a document section: ``ref`` is unique within its ``kind``."""

    kind: str
    ref: str
    title: str
    body: str
    routers: str | None = None  # " R15 R16 ": the routers a run is about
    at: datetime | None = None
    sig: str | None = None
    failed: str | None = None  # " R16 ": those that failed in it


class IndexWriter:
    """Writes of the search index on one connection (the caller holds the transaction)."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self.sqlite = database.dialect == "sqlite"

    # -- state ------------------------------------------------------------------------------
    def lock(self) -> None:
        """One indexer at a time, until the transaction ends (SQLite: BEGIN IMMEDIATE is)."""
        if not self.sqlite:
            self.db.rows("SELECT pg_advisory_xact_lock(?)", (_LOCK,))

    def state(self, key: str) -> str | None:
        found = self.db.rows("SELECT value FROM search_state WHERE key = ?", (key,))
        return str(found[0][0]) if found else None

    def set_state(self, key: str, value: str) -> None:
        if self.db.execute("UPDATE search_state SET value = ? WHERE key = ?", (value, key)) == 0:
            self.db.execute("INSERT INTO search_state (key, value) VALUES (?, ?)", (key, value))

    def clear(self, *, configs: bool = True, docs: bool = True) -> None:
        """Empty the index (``--reindex``), or only its backup or document part."""
        for table in _TABLES:
            about_docs = table in ("search_docs", "search_vectors")
            if (about_docs and not docs) or (not about_docs and not configs):
                continue
            self.db.execute(f"DELETE FROM {table}")
        if self.sqlite:
            if configs:
                self.db.execute("DELETE FROM search_lines_fts")
            if docs:
                self.db.execute("DELETE FROM search_docs_fts")

    def _ids(self, table: str, count: int) -> list[int]:
        """``count`` new ids of ``table``, allocated up front so rows go in one batch."""
        if count == 0:
            return []
        if self.sqlite:  # BEGIN IMMEDIATE: no other writer until we commit
            start = int(self.db.rows(f"SELECT COALESCE(MAX(id), 0) FROM {table}")[0][0]) + 1
            return list(range(start, start + count))
        rows = self.db.rows(
            f"SELECT nextval('{table}_id_seq') FROM generate_series(1, ?)", (count,)
        )
        return [int(row[0]) for row in rows]

    # -- backup versions --------------------------------------------------------------------
    def open_lines(self, router: str) -> dict[tuple[str, str], int]:
        """The lines the router's newest indexed version holds: (parent, line) -> id."""
        rows = self.db.rows(
            "SELECT parent, line, id FROM search_lines WHERE router = ? AND is_open = ?",
            (router, True),
        )
        return {(str(parent), str(line)): int(id_) for parent, line, id_ in rows}

    def latest_version(self, router: str) -> int | None:
        found = self.db.rows("SELECT MAX(id) FROM search_versions WHERE router = ?", (router,))
        return None if found[0][0] is None else int(found[0][0])

    def has_version(self, router: str, sha: str) -> bool:
        return bool(
            self.db.rows(
                "SELECT 1 FROM search_versions WHERE router = ? AND sha = ?", (router, sha)
            )
        )

    def add_version(
        self,
        router: str,
        sha: str,
        at: datetime,
        *,
        added: Sequence[IndexLine],
        closed: Sequence[int],
        previous: int | None,
    ) -> tuple[int, list[int]]:
        """Record one version: new lines open an interval, gone lines close theirs.

        Returns the version's id and the new lines' ids."""
        version = self._ids("search_versions", 1)[0]
        self.db.execute(
            "INSERT INTO search_versions (id, router, sha, committed_at) VALUES (?, ?, ?, ?)",
            (version, router, sha, self.db.bind_time(at)),
        )
        if closed:
            self.db.executemany(
                "UPDATE search_lines SET is_open = ?, last_version = ? WHERE id = ?",
                [(False, previous, line_id) for line_id in closed],
            )
        ids = self._ids("search_lines", len(added))
        self.db.executemany(
            "INSERT INTO search_lines (id, router, parent, line, first_version, is_open) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (i, router, ln.parent, ln.line, version, True)
                for i, ln in zip(ids, added, strict=True)
            ],
        )
        if self.sqlite:
            self.db.executemany(
                "INSERT INTO search_lines_fts (rowid, line, parent) VALUES (?, ?, ?)",
                [(i, ln.line, ln.parent) for i, ln in zip(ids, added, strict=True)],
            )
        self.db.executemany(
            "INSERT INTO search_addresses (line_id, addr) VALUES (?, ?)",
            [(i, a) for i, ln in zip(ids, added, strict=True) for a in ln.addresses],
        )
        return version, ids

    # -- runs and documents -----------------------------------------------------------------
    def doc_sigs(self, kind: str) -> dict[str, str]:
        """ref -> sig of the indexed entries of ``kind``."""
        rows = self.db.rows("SELECT ref, sig FROM search_docs WHERE kind = ?", (kind,))
        return {str(ref): str(sig or "") for ref, sig in rows}

    def delete_docs(self, kind: str, refs: Sequence[str]) -> None:
        for ref in refs:
            found = self.db.rows(
                "SELECT id FROM search_docs WHERE kind = ? AND ref = ?", (kind, ref)
            )
            for (doc_id,) in found:
                self.db.execute("DELETE FROM search_vectors WHERE doc_id = ?", (doc_id,))
                self.db.execute("DELETE FROM search_docs WHERE id = ?", (doc_id,))
                if self.sqlite:
                    self.db.execute("DELETE FROM search_docs_fts WHERE rowid = ?", (doc_id,))

    def put_docs(self, docs: Sequence[IndexDoc]) -> None:
        """Insert (or replace) entries by (kind, ref)."""
        by_kind: dict[str, list[str]] = {}
        for doc in docs:
            by_kind.setdefault(doc.kind, []).append(doc.ref)
        for kind, refs in by_kind.items():
            self.delete_docs(kind, refs)
        ids = self._ids("search_docs", len(docs))
        rows: list[tuple[Any, ...]] = [
            (i, d.kind, d.ref, d.title, d.body, d.routers, d.failed, self.db.bind_time(d.at), d.sig)
            for i, d in zip(ids, docs, strict=True)
        ]
        self.db.executemany(
            "INSERT INTO search_docs (id, kind, ref, title, body, routers, failed, at, sig) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        if self.sqlite:
            self.db.executemany(
                "INSERT INTO search_docs_fts (rowid, title, body) VALUES (?, ?, ?)",
                [(i, d.title, d.body) for i, d in zip(ids, docs, strict=True)],
            )

    # -- what runs hold, for their entries --------------------------------------------------
    def newest_finish(self) -> datetime | None:
        """When the last run finished (None: none has)."""
        return Database.read_time(self.db.rows("SELECT MAX(finished_at) FROM runs")[0][0])

    def finished_runs(self, since: datetime | None, limit: int = 5000) -> list[dict[str, Any]]:
        """Finished runs newer than ``since`` (oldest first), each with its hosts' errors."""
        where, params = "finished_at IS NOT NULL", []
        if since is not None:
            where += " AND finished_at >= ?"
            params.append(self.db.bind_time(since))
        runs = self.db.rows(
            "SELECT id, runbook, username, status, started_at, finished_at, hosts_total, "
            f"hosts_failed, hosts_changed, error_message FROM runs WHERE {where} "
            "ORDER BY finished_at LIMIT ?",
            (*params, limit),
        )
        found = []
        for row in runs:
            hosts = self.db.rows(
                "SELECT host, operation_type, status, error_message, changed FROM operations_log "
                "WHERE run_id = ? ORDER BY host",
                (row[0],),
            )
            found.append(
                {
                    "id": Database.read_id(row[0]),
                    "runbook": row[1],
                    "username": row[2],
                    "status": row[3],
                    "started_at": Database.read_time(row[4]),
                    "finished_at": Database.read_time(row[5]),
                    "hosts_total": row[6],
                    "hosts_failed": row[7],
                    "hosts_changed": row[8],
                    "error": row[9],
                    "operations": [
                        {"host": h, "type": t, "status": s, "error": e, "changed": bool(c)}
                        for h, t, s, e, c in hosts
                    ],
                }
            )
        return found


def index_size(db: Database) -> dict[str, int]:
    """Rows per part of the index (``netauto search --reindex`` reports them)."""
    counts = {}
    for name, sql in (
        ("versions", "SELECT COUNT(*) FROM search_versions"),
        ("lines", "SELECT COUNT(*) FROM search_lines"),
        ("runs", "SELECT COUNT(*) FROM search_docs WHERE kind = 'run'"),
        ("docs", "SELECT COUNT(*) FROM search_docs WHERE kind = 'doc'"),
        ("vectors", "SELECT COUNT(*) FROM search_vectors"),
    ):
        counts[name] = int(db.rows(sql)[0][0])
    return counts
