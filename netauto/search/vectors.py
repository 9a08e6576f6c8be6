"""Vector similarity for document sections, and its fusion with the full-text ranking.

An *embedder* (:class:`Embedder`: ``netauto.ai.embeddings`` calls an OpenAI-compatible
``/embeddings`` endpoint) turns texts into vectors; this module never sends anything itself
and is used only when one is configured. Vectors are kept as float32 bytes
(``array('f')``, little-endian) and scored in Python: numpy is not a dependency and a
project's documents are a few thousand sections at most, and a pass over them in plain
Python stays in milliseconds (docs/benchmarks.md). With pgvector or
sqlite-vec installed the scoring would move into the database (an ``ORDER BY v <=> ?`` over
an HNSW index) and only the top k would come back.

Rankings are merged by reciprocal rank fusion: a hit's score is the sum over the rankings
it appears in of ``1 / (RRF_K + rank)``.
"""

from __future__ import annotations

import math
import operator
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from netauto.db.direct import Database
from netauto.db.search_index import IndexWriter
from netauto.db.search_vectors import (
    VectorRow,
    drop_other_models,
    missing,
    put_vectors,
    vectors_of,
    without_vector,
)

RRF_K = 60  # the constant of Cormack et al.; ranks beyond the first few weigh alike
EMBED_KINDS = ("doc",)  # document sections (configs are matched exactly, runs by words)
_CHUNK = 256  # sections embedded per transaction


class Embedder(Protocol):
    """What turns texts into vectors (the texts it gets are already masked)."""

    @property
    def model(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


def pack(vector: Sequence[float]) -> bytes:
    """A vector as float32 bytes, normalised to length 1 (cosine becomes a dot product)."""
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    values = array("f", (x / norm for x in vector))
    if sys.byteorder != "little":
        values.byteswap()
    return values.tobytes()


def unpack(blob: bytes) -> array[float]:
    values = array("f")
    values.frombytes(blob)
    if sys.byteorder != "little":
        values.byteswap()
    return values


def section_text(title: str, body: str) -> str:
    """What is embedded for a section: its title, then its (masked) text."""
    return f"{title}\n{body}".strip()


def embed_missing(database: Database, embedder: Embedder) -> int:
    """Embed the document sections that have no vector of the embedder's model yet.

    Incremental like the rest of the index: a changed file's sections are new rows, so
    only they are sent. Returns how many were embedded."""
    writer = IndexWriter(database)
    count = 0
    with database.transaction():
        writer.lock()
        drop_other_models(database, embedder.model)
    while True:
        # Read and send outside the transaction: no lock is held while the provider answers.
        todo = [row for kind in EMBED_KINDS for row in without_vector(database, kind, _CHUNK)]
        if not todo:
            return count
        made = embedder.embed([section_text(title, body) for _, title, body in todo])
        with database.transaction():
            writer.lock()
            # Another indexer may have embedded some meanwhile, or a file's sections gone.
            still = missing(database, [doc_id for doc_id, _, _ in todo])
            put_vectors(
                database,
                embedder.model,
                [
                    (doc_id, pack(vector), len(vector))
                    for (doc_id, _, _), vector in zip(todo, made, strict=True)
                    if doc_id in still
                ],
            )
        count += len(still)
        if not still:
            return count


@dataclass(frozen=True)
class Similar:
    row: VectorRow
    score: float


def most_similar(
    db: Database,
    query: Sequence[float],
    *,
    model: str,
    since: datetime | None,
    limit: int,
) -> list[Similar]:
    """The sections nearest to the query vector, best first (cosine over every candidate)."""
    rows = vectors_of(db, kinds=EMBED_KINDS, model=model, since=since)
    scores = cosines(query, [row.vector for row in rows])
    scored = [Similar(row, score) for row, score in zip(rows, scores, strict=True)]
    scored.sort(key=lambda item: -item.score)
    return [item for item in scored[:limit] if item.score > -2.0]


def cosines(query: Sequence[float], blobs: Sequence[bytes]) -> list[float]:
    """The cosine of the query with each stored (normalised) vector; -2.0 for a vector of
    other dimensions (never a match)."""
    wanted = unpack(pack(query))
    size = len(wanted) * wanted.itemsize
    return [
        sum(map(operator.mul, unpack(blob), wanted)) if len(blob) == size else -2.0
        for blob in blobs
    ]


def fuse(rankings: dict[str, Sequence[str]]) -> list[tuple[str, float, dict[str, int]]]:
    """Reciprocal rank fusion: (key, score, its rank in each ranking), best first.

    Ties keep the order of the first ranking they appear in."""
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, keys in rankings.items():
        for rank, key in enumerate(keys, 1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (RRF_K + rank)
            ranks.setdefault(key, {})[name] = rank
    order = sorted(scores, key=lambda key: -scores[key])
    return [(key, scores[key], ranks[key]) for key in order]
