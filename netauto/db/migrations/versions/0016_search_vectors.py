"""search vectors: an embedding per document section, for vector similarity

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 14:40:00.000000

``search_vectors`` keeps one float32 vector (little-endian bytes) per ``search_docs`` row of
kind ``doc``, with the model that made it; cosine similarity is computed in Python over the
candidates (neither pgvector nor sqlite-vec is installed here: docs/search.md).
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    blob = "BYTEA" if postgresql else "BLOB"
    reference = "BIGINT" if postgresql else "INTEGER"
    op.execute(
        f"CREATE TABLE search_vectors (doc_id {reference} PRIMARY KEY "
        "REFERENCES search_docs (id) ON DELETE CASCADE, model VARCHAR(200) NOT NULL, "
        f"dims INTEGER NOT NULL, vector {blob} NOT NULL)"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_vectors")
