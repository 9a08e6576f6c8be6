"""The project's search: its database, its backups folder, its ``docs/`` and netauto's own.

``project.search.find("ip http server")`` first indexes what is new (backup versions, runs,
changed documents), then searches (:mod:`netauto.search`); ``project.search.reindex()``
builds the index again from scratch.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING

from netauto.exceptions import UsageError
from netauto.search import DocFolder, Indexed, Results, own_docs, refresh, reindex, search

if TYPE_CHECKING:
    from netauto.ai.embeddings import EmbeddingsConfig, OpenAIEmbedder
    from netauto.project.core import Project

DEFAULT_LIMIT = 20
MAX_LIMIT = 500
SERVER_REFRESH = 2.0  # seconds between a server's catch-ups
_refreshed: dict[str, float] = {}  # database URL -> when this process last caught up
_embedders: dict[EmbeddingsConfig, OpenAIEmbedder] = {}  # one client per provider


def doc_folders(project: Project) -> list[DocFolder]:
    """The project's ``docs/`` folder, and netauto's own documentation when it is there."""
    folders = [DocFolder("project", project.folder / "docs")]
    own = own_docs()
    if own is not None and own.resolve() != (project.folder / "docs").resolve():
        folders.append(DocFolder("netauto", own))
    return folders


class Search:
    def __init__(self, project: Project) -> None:
        self.project = project

    def embedder(self) -> OpenAIEmbedder | None:
        """The embeddings provider of the settings (``ai.embeddings.model``), or None: then
        documents are ranked by full text only and nothing leaves the machine."""
        from netauto.ai.embeddings import OpenAIEmbedder, load_embeddings

        config = load_embeddings(self.project.settings)
        if config is None:
            return None
        if config not in _embedders:
            _embedders[config] = OpenAIEmbedder(config)
        return _embedders[config]

    def refresh(self) -> Indexed:
        """Index what is new since the last refresh."""
        project = self.project
        backups = project.settings.backups_dir
        return refresh(
            project.url, backups=backups, docs=doc_folders(project), embedder=self.embedder()
        )

    def reindex(self) -> Indexed:
        """Empty the index and build it again."""
        project = self.project
        backups = project.settings.backups_dir
        return reindex(
            project.url, backups=backups, docs=doc_folders(project), embedder=self.embedder()
        )

    def find(
        self,
        text: str,
        *,
        router: str | None = None,
        since: datetime | str | None = None,
        kind: str | None = None,
        limit: int = DEFAULT_LIMIT,
        fresh: bool = True,
        server: bool = False,
    ) -> Results:
        """Search backups, runs and documents (``fresh``: index what is new first).

        ``since``: a time, or as a user writes it (an age ``7d`` or an ISO time; blank: none).

        ``server``: a long-lived process (the web, the assistant) searches on its pooled
        connections and catches up at most every ``SERVER_REFRESH`` seconds; a backup
        indexes its own versions at once either way."""
        if not 1 <= limit <= MAX_LIMIT:
            raise UsageError(f"{{limit}} must be within 1..{MAX_LIMIT}", params=("limit",))
        if isinstance(since, str):
            from netauto.db.queries import parse_when  # SQLAlchemy: loaded by the search anyway

            since = parse_when(since, option="since") if since.strip() else None
        url = self.project.url
        if fresh and (not server or time.monotonic() - _refreshed.get(url, -1e9) > SERVER_REFRESH):
            self.refresh()
            _refreshed[url] = time.monotonic()
        return search(
            url,
            text,
            router=router,
            since=since,
            kind=kind,
            limit=limit,
            pooled=server,
            embedder=self.embedder(),
        )
