"""The project's routers: ``project.devices`` (the registry's rows, each router's page with its
backups and their diffs, counts and samples for the dashboard and ``/metrics``).

Thin over :mod:`netauto.db` and :mod:`netauto.backups.history`; rows serialise with
``to_json()`` (:mod:`netauto.db.rows`).
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from netauto.db.rows import Device, jsonable
from netauto.exceptions import BackupRepoError, UsageError
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.backups.history import Version
    from netauto.db.browse import Page
    from netauto.db.dashboard import DeviceCounts
    from netauto.db.samples import SampleRow
    from netauto.engine.inventory import InventoryHost
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

    def follow_inventory(self, hosts: Iterable[InventoryHost]) -> None:
        """``network_devices`` in step with the YAML inventory's hosts (when the registry is
        the inventory, it is those rows already)."""
        from netauto.db.devices import sync_inventory
        from netauto.runner.nornir_config import uses_registry

        if not uses_registry(self.project.settings):
            rows = [(host.name, host.address or "", host.platform) for host in hosts]
            sync_inventory(self.project.url, rows)

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
