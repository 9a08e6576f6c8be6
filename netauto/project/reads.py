"""The project's reads of the operations log and its runs (``project.operations``,
``project.runs``; the routers' are :mod:`netauto.project.devices`).

Thin over :mod:`netauto.db` (the SQL): every front end reads through these, with the
project's database, and gets rows that serialise with ``to_json()`` (:mod:`netauto.db.rows`).
"""

from __future__ import annotations

import builtins
import threading
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from netauto.db.rows import OperationRow, RunDetail
from netauto.exceptions import UsageError

if TYPE_CHECKING:
    from netauto.db.browse import Cursor, Page
    from netauto.db.changes import Listener
    from netauto.db.dashboard import Overview
    from netauto.db.metrics import RunFigures
    from netauto.db.stale import ClosedRun
    from netauto.db.stats import Stats
    from netauto.db.timeline import TimelineCache
    from netauto.project.core import Project


class Operations:
    """``project.operations``: the operations log, searched, paged, counted, tidied."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def query(
        self,
        *,
        hosts: Sequence[str] = (),
        types: Sequence[str] = (),
        statuses: Sequence[str] = (),
        run: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = 50,
    ) -> list[OperationRow]:
        """Operations matching every filter, newest first; ``run``: an id or unique prefix;
        ``limit=None`` for all."""
        from netauto.db.queries import list_operations

        return list_operations(
            self.project.url,
            hosts=hosts,
            types=types,
            statuses=statuses,
            run=run,
            since=since,
            until=until,
            limit=limit,
        )

    def page(
        self,
        *,
        hosts: Sequence[str] = (),
        types: Sequence[str] = (),
        statuses: Sequence[str] = (),
        users: Sequence[str] = (),
        run: uuid.UUID | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        before: Cursor | None = None,
        limit: int = 50,
    ) -> Page:
        """A page of operations, newest first, from ``before`` (the previous page's next)."""
        from netauto.db import browse

        return browse.operations(
            self.project.url,
            hosts=hosts,
            types=types,
            statuses=statuses,
            users=users,
            run=run,
            since=since,
            until=until,
            before=before,
            limit=limit,
        )

    def changes(
        self,
        since: datetime,
        *,
        after: tuple[datetime, uuid.UUID] | None = None,
        limit: int = 500,
    ) -> builtins.list[tuple[OperationRow, datetime]]:
        """Operations changed at or after ``since``, or after the row ``after`` (its change
        time and id: the last of the previous page); the oldest change first, each with its
        time (what the web's live feed follows)."""
        from netauto.db.changes import changed_operations

        return changed_operations(self.project.url, since, after=after, limit=limit)

    def notifies(self) -> bool:
        """Whether the database notifies changes of the log (PostgreSQL's LISTEN), instead of
        being polled (SQLite)."""
        from netauto.db.changes import listens

        return listens(self.project.database_url)

    def listener(self, stop: threading.Event) -> Listener:
        """A connection LISTENing for changes of the log (PostgreSQL): its ``wait(timeout)``
        returns at a change, the timeout or ``stop``; ``close()`` it when done."""
        from netauto.db.changes import Listener

        return Listener(self.project.url, stop)

    def show(self, ref: str) -> RunDetail | OperationRow:
        """The run (with its operations) or the operation whose id or unique prefix is
        ``ref``; UsageError when none or several match."""
        from netauto.db.queries import show

        return show(self.project.url, ref)

    def get(self, ref: str) -> OperationRow:
        """One operation with its command, result and diff."""
        found = self.show(ref)
        if not isinstance(found, OperationRow):
            raise UsageError(f"{ref!r} is a run, not an operation")
        return found

    def stats(self, *, days: int = 7, top: int = 5) -> Stats:
        from netauto.db.stats import stats

        return stats(self.project.url, days=days, top=top)

    def known_values(self) -> dict[str, list[str]]:
        """Hosts, operation types and users, for filter menus."""
        from netauto.db.browse import known_values

        return known_values(self.project.url)

    def overview(self, *, cache: TimelineCache | None = None) -> Overview:
        """The dashboard's figures: devices, 7-day timeline, recent operations, runs, health."""
        from netauto.db.dashboard import overview

        return overview(self.project.url, cache=cache)

    def close_stale(self, *, started_before: datetime | None = None) -> builtins.list[ClosedRun]:
        """Close as failed the runs left running by a process that is gone (and, with
        ``started_before``, those of other machines started before it), with their rows."""
        from netauto.clock import utcnow
        from netauto.db.stale import close_stale

        age = utcnow() - started_before if started_before is not None else None
        return close_stale(self.project.url, older_than=age, orphans=True)


class Runs:
    """``project.runs``: runs (of runbooks, and fires of schedules), paged or one."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def page(
        self,
        *,
        runbooks: Sequence[str] = (),
        statuses: Sequence[str] = (),
        before: Cursor | None = None,
        limit: int = 50,
    ) -> Page:
        from netauto.db import browse

        return browse.runs(
            self.project.url, runbooks=runbooks, statuses=statuses, before=before, limit=limit
        )

    def figures(self) -> RunFigures:
        """Counts of every run by runbook and status; durations of the last day's runs; the
        most overdue schedule's lag (what ``GET /metrics`` exports)."""
        from netauto.db.metrics import run_figures

        return run_figures(self.project.url)

    def get(self, ref: str) -> RunDetail:
        """One run (id or unique prefix) with every operation it recorded."""
        found = Operations(self.project).show(ref)
        if not isinstance(found, RunDetail):
            raise UsageError(f"{ref!r} is an operation, not a run")
        return found
