"""search index: backup lines as intervals, addresses, documents and runs, full text

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 13:30:00.000000

``search_versions`` lists every indexed backup version (its id orders them, commits of one
second included); ``search_lines`` holds each line of each router's backup (masked) once per
stretch of versions that held it: the version it first appeared in and, once it is gone, the
last one that held it (``is_open`` while the newest backup still has it);
``search_addresses`` the IPv4 addresses of the lines (for exact and CIDR matching);
``search_docs`` runs (with the routers they are about, and those that failed, as
`` R15 R16 `` for LIKE) and markdown sections. Full text: FTS5 tables on SQLite, generated
tsvector columns with GIN indexes on PostgreSQL.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_COMMON = (
    "CREATE TABLE search_versions (id {serial} PRIMARY KEY, router VARCHAR(100) NOT NULL, "
    "sha VARCHAR(40) NOT NULL, committed_at {time} NOT NULL, UNIQUE (router, sha))",
    "CREATE INDEX idx_search_versions_router ON search_versions (router, id)",
    "CREATE TABLE search_state (key VARCHAR(50) PRIMARY KEY, value TEXT NOT NULL)",
)
_SQLITE = (
    "CREATE TABLE search_lines (id INTEGER PRIMARY KEY, router VARCHAR(100) NOT NULL, "
    "parent TEXT NOT NULL, line TEXT NOT NULL, "
    "first_version INTEGER NOT NULL, last_version INTEGER, "
    "is_open BOOLEAN NOT NULL)",
    "CREATE TABLE search_addresses (line_id INTEGER NOT NULL "
    "REFERENCES search_lines (id) ON DELETE CASCADE, addr BIGINT NOT NULL)",
    "CREATE TABLE search_docs (id INTEGER PRIMARY KEY, kind VARCHAR(10) NOT NULL, "
    "ref VARCHAR(300) NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, "
    "routers TEXT, failed TEXT, at DATETIME, sig VARCHAR(100), UNIQUE (kind, ref))",
    "CREATE VIRTUAL TABLE search_lines_fts USING fts5(line, parent, "
    "tokenize = \"unicode61 tokenchars '.:/-_'\")",
    "CREATE VIRTUAL TABLE search_docs_fts USING fts5(title, body, tokenize = 'porter unicode61')",
)
_POSTGRESQL = (
    "CREATE TABLE search_lines (id BIGSERIAL PRIMARY KEY, router VARCHAR(100) NOT NULL, "
    "parent TEXT NOT NULL, line TEXT NOT NULL, "
    "first_version BIGINT NOT NULL, last_version BIGINT, "
    "is_open BOOLEAN NOT NULL, tsv tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', line || ' ' || parent)) STORED)",
    "CREATE INDEX idx_search_lines_tsv ON search_lines USING GIN (tsv)",
    "CREATE TABLE search_addresses (line_id BIGINT NOT NULL "
    "REFERENCES search_lines (id) ON DELETE CASCADE, addr BIGINT NOT NULL)",
    "CREATE TABLE search_docs (id BIGSERIAL PRIMARY KEY, kind VARCHAR(10) NOT NULL, "
    "ref VARCHAR(300) NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, "
    "routers TEXT, failed TEXT, at TIMESTAMPTZ, sig VARCHAR(100), UNIQUE (kind, ref), "
    "tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') "
    "|| to_tsvector('english', body)) STORED)",
    "CREATE INDEX idx_search_docs_tsv ON search_docs USING GIN (tsv)",
)
_INDEXES = (
    "CREATE INDEX idx_search_lines_router ON search_lines (router, is_open)",
    "CREATE INDEX idx_search_lines_line ON search_lines (line)",
    "CREATE INDEX idx_search_addresses_addr ON search_addresses (addr)",
    "CREATE INDEX idx_search_addresses_line ON search_addresses (line_id)",
)
_TABLES = (
    "search_addresses",
    "search_lines_fts",
    "search_docs_fts",
    "search_lines",
    "search_docs",
    "search_versions",
    "search_state",
)


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    time = "TIMESTAMPTZ" if postgresql else "DATETIME"
    serial = "BIGSERIAL" if postgresql else "INTEGER"
    for statement in _COMMON:
        op.execute(statement.format(time=time, serial=serial))
    for statement in (*(_POSTGRESQL if postgresql else _SQLITE), *_INDEXES):
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in _TABLES:
        if postgresql and table.endswith("_fts"):
            continue
        op.execute(f"DROP TABLE IF EXISTS {table}")
