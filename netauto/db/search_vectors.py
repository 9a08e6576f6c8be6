"""The search index's vectors: one float32 embedding per document section (migration 0016).

Vectors are stored as little-endian float32 bytes (``array('f')``) and compared in Python:
neither pgvector nor sqlite-vec is installed here. The writes run in the indexer's
transaction (:mod:`netauto.search.vectors` decides what to embed); the read returns every
candidate's vector for the caller to score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netauto.db.direct import Database


@dataclass(frozen=True)
class VectorRow:
    """A document section and its stored vector (bytes)."""

    id: int
    kind: str
    ref: str
    title: str
    body: str
    at: datetime | None
    vector: bytes


def drop_other_models(db: Database, model: str) -> int:
    """Forget the vectors another model made (the setting changed): they do not compare."""
    return db.execute("DELETE FROM search_vectors WHERE model <> ?", (model,))


def without_vector(db: Database, kind: str, limit: int) -> list[tuple[int, str, str]]:
    """(id, title, body) of up to ``limit`` entries of ``kind`` that have no vector yet."""
    rows = db.rows(
        "SELECT d.id, d.title, d.body FROM search_docs d "
        "LEFT JOIN search_vectors v ON v.doc_id = d.id "
        "WHERE d.kind = ? AND v.doc_id IS NULL ORDER BY d.id LIMIT ?",
        (kind, limit),
    )
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def missing(db: Database, doc_ids: Sequence[int]) -> set[int]:
    """Those of ``doc_ids`` that are still in the index and still have no vector."""
    if not doc_ids:
        return set()
    marks = ", ".join("?" for _ in doc_ids)
    rows = db.rows(
        "SELECT d.id FROM search_docs d LEFT JOIN search_vectors v ON v.doc_id = d.id "
        f"WHERE d.id IN ({marks}) AND v.doc_id IS NULL",
        doc_ids,
    )
    return {int(r[0]) for r in rows}


def put_vectors(db: Database, model: str, vectors: Sequence[tuple[int, bytes, int]]) -> None:
    """Store (doc id, float32 bytes, dimensions) made by ``model``."""
    db.executemany(
        "INSERT INTO search_vectors (doc_id, model, dims, vector) VALUES (?, ?, ?, ?)",
        [(doc_id, model, dims, blob) for doc_id, blob, dims in vectors],
    )


def vectors_of(
    db: Database, *, kinds: Sequence[str], model: str, since: datetime | None = None
) -> list[VectorRow]:
    """Every entry of ``kinds`` with a vector of ``model`` (``since``: newer ones only)."""
    if not kinds:
        return []
    marks = ", ".join("?" for _ in kinds)
    params: list[Any] = [model, *kinds]
    where = f"v.model = ? AND d.kind IN ({marks})"
    if since is not None:
        where += " AND d.at >= ?"
        params.append(db.bind_time(since))
    rows = db.rows(
        "SELECT d.id, d.kind, d.ref, d.title, d.body, d.at, v.vector FROM search_vectors v "
        f"JOIN search_docs d ON d.id = v.doc_id WHERE {where}",
        params,
    )
    return [
        VectorRow(
            id=int(r[0]),
            kind=str(r[1]),
            ref=str(r[2]),
            title=str(r[3]),
            body=str(r[4]),
            at=Database.read_time(r[5]),
            vector=bytes(r[6]),
        )
        for r in rows
    ]
