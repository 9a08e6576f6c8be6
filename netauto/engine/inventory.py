"""The inventory without a run: its hosts, and a selection checked before anything starts.

What a front end shows or checks before any router is touched (the chat's device tools, the
devices page when the server starts, ``schedule add`` refusing an unknown host) reads the
inventory here: ``init_nornir`` with nothing recorded, so no run, no writer thread, no row.
Front ends reach it through :meth:`netauto.project.Project.inventory` and
:meth:`~netauto.project.Project.check_selection`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nornir.core import Nornir

    from netauto.engine.options import Selection
    from netauto.settings import Settings


@dataclass(frozen=True)
class InventoryHost:
    """One host of the inventory: what it is, not how it is doing (that is the device row)."""

    name: str
    address: str | None
    platform: str | None
    groups: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "platform": self.platform,
            "groups": list(self.groups),
            "data": dict(self.data),
        }


def unrecorded_nornir(settings: Settings, *, user: str | None = None) -> Nornir:
    """The project's Nornir recording nothing (no run, no writer thread, no row): for reads
    before a run and for a look at one router whose caller keeps what it learns (onboarding
    a router just added to the registry)."""
    from netauto.runner import init_nornir

    return init_nornir(settings.config_file, record=False, user=user, settings=settings)


def read_inventory(settings: Settings, *, user: str | None = None) -> dict[str, InventoryHost]:
    """The hosts of the project's inventory by name (InventoryError, ConfigError if broken)."""
    nr = unrecorded_nornir(settings, user=user)
    return {
        name: InventoryHost(
            name,
            host.hostname,
            host.platform,
            tuple(group.name for group in host.groups),
            dict(host.data),
        )
        for name, host in nr.inventory.hosts.items()
    }


def check_selection(
    settings: Settings, selection: Selection, *, user: str | None = None
) -> list[str]:
    """The names ``selection`` picks; HostSelectionError for an unknown host or group, or
    when it picks nothing."""
    from netauto.selection import select_hosts

    nr = select_hosts(
        unrecorded_nornir(settings, user=user), selection.hosts, selection.groups, selection.filters
    )
    return sorted(nr.inventory.hosts)


def local_nornir(settings: Settings) -> Nornir:
    """The project's Nornir on threads here, recording nothing itself: what a worker runs a
    shard of another process's run on (that run's writer, or the worker's, records it)."""
    from netauto.runner import init_nornir

    return init_nornir(settings.config_file, record=False, executor="threaded", settings=settings)
