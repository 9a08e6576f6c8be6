"""Search over the fleet's history: every backup version, every run, the documents.

Library use::

    from netauto.search import refresh, search

    refresh(url, backups="backups", docs=[DocFolder("project", Path("docs"))])
    results = search(url, "ip http server")
    for hit in results.config:
        print(hit.router, hit.first.sha, hit.last.sha, hit.current)

``netauto.project.Project.search`` does both with the project's folders.
"""

from __future__ import annotations

from netauto.search.docs import DocFolder, own_docs
from netauto.search.find import ConfigHit, DocHit, Results, Version, search
from netauto.search.index import Indexed, refresh, reindex
from netauto.search.query import KINDS
from netauto.search.vectors import Embedder

__all__ = [
    "KINDS",
    "ConfigHit",
    "DocFolder",
    "DocHit",
    "Embedder",
    "Indexed",
    "Results",
    "Version",
    "own_docs",
    "refresh",
    "reindex",
    "search",
]
