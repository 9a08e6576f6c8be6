"""``project.run_requests``: the run requests of the web, the API and chat, stored, followed,
cancelled and settled (:mod:`netauto.db.requests`; a runner claims and runs one through
:mod:`netauto.schedule.requests`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from netauto.db import requests as store

if TYPE_CHECKING:
    from netauto.db.rows import RunRequestRow
    from netauto.project.core import Project


class RunRequests:
    def __init__(self, project: Project) -> None:
        self.project = project

    def enqueue(
        self,
        *,
        runbook: str,
        username: str,
        target: Mapping[str, Any],
        options: Mapping[str, Any],
        arguments: Mapping[str, Any],
        preview: uuid.UUID | None = None,
    ) -> RunRequestRow:
        """A new queued request (``username`` runs it; the web checked who may)."""
        return store.enqueue(
            self.project.url,
            runbook=runbook,
            username=username,
            target=target,
            options=options,
            arguments=arguments,
            preview=preview,
        )

    def get(self, ident: uuid.UUID) -> RunRequestRow | None:
        return store.get(self.project.url, ident)

    def recent(self, limit: int = 50) -> list[RunRequestRow]:
        """The newest ``limit`` requests, newest first."""
        return store.recent(self.project.url, limit)

    def changed_since(self, since: datetime) -> list[RunRequestRow]:
        """The requests updated at or after ``since``, oldest change first."""
        return store.changed_since(self.project.url, since)

    def active_count(self) -> int:
        """How many are queued or running."""
        return store.active_count(self.project.url)

    def queued(self, before: datetime | None = None) -> list[uuid.UUID]:
        """The queued requests, oldest first (only those queued before ``before``, if given)."""
        return store.queued(self.project.url, before)

    def has_diffs(self, ident: uuid.UUID) -> bool:
        """Whether a finished dry run still holds diffs a commit may use."""
        return store.has_diffs(self.project.url, ident)

    def cancel(self, ident: uuid.UUID) -> RunRequestRow | None:
        """Ask a request to stop: a queued one is cancelled now, a running one's runner stops."""
        return store.cancel(self.project.url, ident)

    def settle_gone(self, alive: Callable[[int], bool]) -> int:
        """Close as failed the running requests of this host whose runner process is gone
        (``alive(pid)`` False); returns how many."""
        return store.settle_gone(self.project.url, alive)
