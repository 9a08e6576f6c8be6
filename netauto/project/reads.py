"""The project's reads: devices, the operations log, runs (``project.devices`` and co).

Thin over :mod:`netauto.db` (the SQL) and :mod:`netauto.backups.history` (the git history
of the backups): every front end reads through these, with the project's database, and gets
rows that serialise with ``to_json()`` (:mod:`netauto.db.rows`).
"""

from __future__ import annotations

import builtins
import re
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from netauto.db.rows import Device, OperationRow, RunDetail, jsonable
from netauto.exceptions import BackupRepoError, UsageError
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.backups.history import Version
    from netauto.db.browse import Cursor, Page
    from netauto.db.changes import Listener
    from netauto.db.dashboard import DeviceCounts, Overview
    from netauto.db.metrics import RunFigures
    from netauto.db.samples import SampleRow
    from netauto.db.stale import ClosedRun
    from netauto.db.stats import Stats
    from netauto.db.timeline import TimelineCache
    from netauto.project.core import Project

_HOST = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")


def host_name(name: str) -> str:
    """``name`` if it can be a device's name (it becomes a file name: no path in it)."""
    name = str(name).strip()
    if not _HOST.match(name):
        raise UsageError(f"{name!r} is not a device name")
    return name


@dataclass(frozen=True)
class BackupDiff:
    """Two versions of a device's backup and the unified diff between them."""

    host: str
    versions: list[Version]
    older: str
    newer: str
    diff: str


@dataclass(frozen=True)
class DeviceView:
    """One device with what is known of it: its last facts, operations, backup versions."""

    device: Device
    facts_at: datetime | None
    facts: dict[str, Any]  # getter -> what NAPALM returned, from the last facts run
    operations: Page
    backups: list[Version]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.device.to_json(),
            "facts_at": jsonable(self.facts_at),
            "facts": jsonable(self.facts),
            "operations": self.operations.to_json(),
            "backups": jsonable(self.backups),
        }


class Devices:
    """``project.devices``: the routers of ``network_devices``, their facts and backups."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def list(
        self,
        *,
        statuses: Sequence[str] = (),
        after: str | None = None,
        limit: int | None = None,
    ) -> list[Device]:
        """Devices by name, each with its last successful backup (``limit`` of them whose
        names sort after ``after``, when given)."""
        from netauto.db.browse import devices

        return devices(self.project.url, backups=True, statuses=statuses, after=after, limit=limit)

    def get(self, name: str) -> Device:
        """One device with its last backup; UsageError when there is none."""
        from netauto.db.browse import device

        return device(self.project.url, host_name(name), backups=True)

    def detail(self, name: str, *, limit: int = 25) -> DeviceView:
        """The device, its last facts, a page of its operations, its backup versions."""
        from netauto.db import browse

        url = self.project.url
        found = self.get(name)
        latest = browse.latest_result(url, found.name, "facts")
        facts = latest[1] if latest is not None and isinstance(latest[1], dict) else {}
        return DeviceView(
            device=found,
            facts_at=latest[0] if latest is not None else None,
            facts=facts,
            operations=browse.operations(url, hosts=[found.name], limit=limit),
            backups=self.backups(found.name),
        )

    def samples(self, name: str, span: str = "hour") -> builtins.list[dict[str, Any]]:
        """A chart's points of the device's poll samples over ``span`` (hour, day, week):
        none for a device never polled; UsageError for an unknown span."""
        from netauto.db.samples import series

        return series(self.project.url, host_name(name), span)

    def counts(self) -> DeviceCounts:
        """How many devices, by status."""
        from netauto.db.dashboard import device_counts

        return device_counts(self.project.url)

    def latest_samples(self) -> dict[str, SampleRow]:
        """Each device's newest poll sample (within the raw retention), by name."""
        from netauto.db.samples import latest_samples

        return latest_samples(self.project.url)

    def last_configs(self, names: Sequence[str]) -> dict[str, tuple[str, str]]:
        """(last stored configuration, address) of those of ``names`` that have one (retired
        devices included: what was last backed up of them)."""
        from netauto.db.devices import list_devices

        wanted = set(names)
        return {
            row.name: (row.config_backup, row.ip_address)
            for row in list_devices(self.project.url)
            if row.name in wanted and row.config_backup
        }

    def backups(self, name: str, *, limit: int = 50) -> builtins.list[Version]:
        """The versions (git commits) of the device's backup file, newest first."""
        from netauto.backups.history import versions

        return versions(self.project.settings.backups_dir, f"{host_name(name)}.cfg", limit=limit)

    def compare_backups(
        self,
        name: str,
        older: str | None = None,
        newer: str | None = None,
        *,
        masked: bool = True,
    ) -> BackupDiff:
        """The diff of the device's backup between two versions (default: the last two).

        ``masked``: secrets become ``<removed>`` (a backup file may hold them unless taken
        with ``--mask-secrets``); the chat passes False and redacts with placeholders.
        """
        from netauto.backups.history import file_diff

        host = host_name(name)
        found = self.backups(host, limit=20)
        newer = newer or (found[0].sha if found else None)
        older = older or (found[1].sha if len(found) > 1 else None)
        if older is None or newer is None:
            raise UsageError(
                f"{host} has {plural(len(found), 'backup version')}: nothing to compare"
            )
        folder, filename = self.project.settings.backups_dir, f"{host}.cfg"
        try:
            text = file_diff(folder, filename, older.lower(), newer.lower())
        except BackupRepoError as exc:
            raise UsageError(str(exc)) from None
        if masked:
            from netauto.secrets import mask

            text = mask(text)
        return BackupDiff(host, found, older, newer, text)


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
