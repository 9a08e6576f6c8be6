"""Keep the search index current: new backup versions, finished runs, changed documents.

:func:`refresh` indexes what is new since the last time, cheaply: the backups' git commits
after the last indexed one (their files read in one ``git cat-file --batch``), runs finished
since, markdown files whose size or time changed. The backup runbook calls it after its
commit; a search calls it first, so what was missed (a run that died, a hand-edited doc) is
caught up. :func:`reindex` empties the index and builds it again (``netauto search
--reindex``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from netauto.backups.history import changes, contents, head, is_ancestor
from netauto.backups.repo import host_of
from netauto.db.direct import Database, connected, error_line
from netauto.db.search_index import IndexDoc, IndexWriter, index_size
from netauto.db.url import redacted
from netauto.exceptions import DatabaseError
from netauto.search.docs import DocFolder, file_sections, markdown_files
from netauto.search.lines import config_lines
from netauto.search.vectors import Embedder, embed_missing
from netauto.secrets import mask

_CHUNK = 200  # commits per transaction and per cat-file batch


@dataclass
class Indexed:
    """What one refresh added."""

    versions: int = 0
    runs: int = 0
    docs: int = 0
    vectors: int = 0  # document sections embedded
    sizes: dict[str, int] = field(default_factory=dict)


def _is_running_config(name: str) -> bool:
    return name.endswith(".cfg") and not name.endswith(".startup.cfg") and "/" not in name


class _Routers:
    """Each router's open lines and newest version, read once per refresh."""

    def __init__(self, writer: IndexWriter) -> None:
        self.writer = writer
        self.open: dict[str, dict[tuple[str, str], int]] = {}
        self.latest: dict[str, int | None] = {}

    def add(self, router: str, sha: str, at: datetime, text: str | None) -> bool:
        if router not in self.open:
            if self.writer.has_version(router, sha):
                return False
            self.open[router] = self.writer.open_lines(router)
            self.latest[router] = self.writer.latest_version(router)
        held = self.open[router]
        lines = config_lines(text) if text is not None else []
        keys = {(line.parent, line.line) for line in lines}
        closed = [line_id for key, line_id in held.items() if key not in keys]
        added = [line for line in lines if (line.parent, line.line) not in held]
        version, ids = self.writer.add_version(
            router, sha, at, added=added, closed=closed, previous=self.latest[router]
        )
        for key in [key for key in held if key not in keys]:
            del held[key]
        held.update({(line.parent, line.line): i for line, i in zip(added, ids, strict=True)})
        self.latest[router] = version
        return True


def index_backups(database: Database, folder: str | os.PathLike[str]) -> int:
    """Index the backup versions committed since the last refresh; returns how many.

    Chunks of commits, each in a transaction under the indexers' lock; when another indexer
    moved on meanwhile (a search and a backup at once), the list is read again."""
    writer = IndexWriter(database)
    top = head(folder)
    if top is None or writer.state("backups_head") == top:
        return 0  # read without the write lock: a search on a busy database does not wait
    count, commits, expected = 0, None, None
    while True:
        top = head(folder)
        with database.transaction():
            writer.lock()
            last = writer.state("backups_head")
            if top is None or last == top:
                return count
            if last and not is_ancestor(folder, last, top):  # history rewritten: start again
                writer.clear(docs=False)
                last, commits = None, None
            if not commits or last != expected:
                commits = changes(folder, last, top)
                if not commits:
                    return count
            chunk, commits = commits[:_CHUNK], commits[_CHUNK:]
            count += _index_chunk(writer, folder, chunk)
            expected = chunk[-1].sha
            writer.set_state("backups_head", expected)


def _index_chunk(writer: IndexWriter, folder: str | os.PathLike[str], chunk: list[Any]) -> int:
    wanted = [(c.sha, name) for c in chunk for name in c.files if _is_running_config(name)]
    dates = {c.sha: datetime.fromisoformat(c.date) for c in chunk}
    texts = contents(folder, wanted)
    routers = _Routers(writer)
    count = 0
    for (sha, name), text in zip(wanted, texts, strict=True):
        router = host_of(name)
        if router and routers.add(router, sha, dates[sha], text):
            count += 1
    return count


def _run_doc(run: dict[str, Any]) -> IndexDoc:
    operations = run["operations"]
    hosts = sorted({op["host"] for op in operations if op["host"]})
    failed = sorted({op["host"] for op in operations if op["host"] and op["status"] == "failed"})
    changed = sorted({op["host"] for op in operations if op["host"] and op["changed"]})
    short = run["id"].hex[:8]
    user = run["username"] or "unknown"
    lines = [
        f"{run['runbook']} run {short}: {run['status']}, by {user}",
        f"hosts: {' '.join(hosts)}" if hosts else "",
        f"failed: {' '.join(failed)}" if failed else "",
        f"changed: {' '.join(changed)}" if changed else "",
        f"error: {run['error']}" if run["error"] else "",
    ]
    for op in operations:
        if op["error"] or op["status"] == "failed":
            lines.append(f"{op['host'] or '-'} {op['type']} {op['status']}: {op['error'] or ''}")
    body = mask("\n".join(line for line in lines if line))
    title = f"{run['runbook']} {run['status']} by {user} ({short})"
    # A run is about the hosts that failed or changed in it; else about all it touched.
    notable = sorted({*failed, *changed}) or hosts
    return IndexDoc(
        "run",
        str(run["id"]),
        title,
        body,
        routers=f" {' '.join(notable)} " if notable else None,
        at=run["finished_at"],
        failed=f" {' '.join(failed)} " if failed else None,
    )


def index_runs(database: Database) -> int:
    """Index the runs finished since the last refresh (the newest again: it is an upsert)."""
    writer = IndexWriter(database)
    since = writer.state("runs_at")
    newest = writer.newest_finish()
    if newest is None or (since and newest <= datetime.fromisoformat(since)):
        return 0  # nothing finished since: no write transaction
    with database.transaction():
        writer.lock()
        since = writer.state("runs_at")
        runs = writer.finished_runs(datetime.fromisoformat(since) if since else None)
        if not runs:
            return 0
        writer.put_docs([_run_doc(run) for run in runs])
        newest = max(run["finished_at"] for run in runs)
        writer.set_state("runs_at", newest.isoformat())
    return len(runs)


def _docs_changed(writer: IndexWriter, folders: Sequence[DocFolder]) -> bool:
    indexed = {ref.split("#", 1)[0]: sig for ref, sig in writer.doc_sigs("doc").items()}
    found = {ref: sig for folder in folders for ref, _, sig in markdown_files(folder)}
    return found != indexed


def index_docs(database: Database, folders: Sequence[DocFolder]) -> int:
    """Index the markdown files that are new or changed, forget those gone; returns files."""
    writer = IndexWriter(database)
    if not _docs_changed(writer, folders):
        return 0  # nothing new or gone: no write transaction
    count = 0
    with database.transaction():
        writer.lock()
        indexed: dict[str, tuple[str, list[str]]] = {}
        for ref, sig in writer.doc_sigs("doc").items():
            file_ref = ref.split("#", 1)[0]
            indexed.setdefault(file_ref, (sig, []))[1].append(ref)
        seen = set()
        for folder in folders:
            for ref, path, sig in markdown_files(folder):
                seen.add(ref)
                old = indexed.get(ref)
                if old is not None and old[0] == sig:
                    continue
                if old is not None:
                    writer.delete_docs("doc", old[1])
                writer.put_docs(file_sections(ref, path, sig))
                count += 1
        for file_ref, (_, refs) in indexed.items():
            if file_ref not in seen:
                writer.delete_docs("doc", refs)
    return count


def refresh(
    url: str,
    *,
    backups: str | os.PathLike[str] | None,
    docs: Sequence[DocFolder] = (),
    runs: bool = True,
    embedder: Embedder | None = None,
) -> Indexed:
    """Index what is new: backup versions, finished runs (``runs``), changed documents, and
    with an ``embedder`` the vectors of the document sections that have none.

    A backup run calls it with its folder only (``runs=False``, no ``docs``): the rest is
    caught up by the next search."""
    done = Indexed()
    database = Database.connect(url)
    try:
        if backups is not None and Path(backups).is_dir():
            done.versions = index_backups(database, backups)
        if runs:
            done.runs = index_runs(database)
        done.docs = index_docs(database, docs) if docs else 0
        if embedder is not None:
            done.vectors = embed_missing(database, embedder)
    except database.errors as exc:
        raise DatabaseError(
            f"cannot index for search in {redacted(url)}: {error_line(exc)}"
        ) from None
    finally:
        database.close()
    return done


def reindex(
    url: str,
    *,
    backups: str | os.PathLike[str] | None,
    docs: Sequence[DocFolder] = (),
    embedder: Embedder | None = None,
) -> Indexed:
    """Empty the index and build it again from the backups' history, the runs, the docs
    (and their vectors, with an ``embedder``)."""
    with connected(url, "empty the search index") as database:
        writer = IndexWriter(database)
        writer.lock()
        writer.clear()
    done = refresh(url, backups=backups, docs=docs, embedder=embedder)
    with connected(url, "count the search index") as database:
        done.sizes = index_size(database)
    return done
