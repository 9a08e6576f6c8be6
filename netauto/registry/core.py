"""``project.registry``: the routers of record, changed by operators only (see the package)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netauto.clock import utcnow
from netauto.db import registry as store
from netauto.db.rows import RegistryEntry
from netauto.devicefile import checked, dump_csv, dump_yaml, parse
from netauto.exceptions import InventoryError, UsageError

if TYPE_CHECKING:
    from netauto.settings import Settings

DATABASE_INVENTORY = "netauto.database"
FORMATS = ("csv", "yaml")


@dataclass(frozen=True)
class ImportPlan:
    """What an import adds, changes and retires (``unchanged``: rows already as in the file)."""

    added: list[RegistryEntry]
    changed: list[tuple[RegistryEntry, RegistryEntry]]
    retired: list[RegistryEntry]
    unchanged: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [entry.name for entry in self.added],
            "changed": [after.name for _, after in self.changed],
            "retired": [entry.name for entry in self.retired],
            "unchanged": len(self.unchanged),
        }


def inventory_plugin(settings: Settings) -> str:
    inventory = settings.nornir.get("inventory") or {}
    return str(inventory.get("plugin") or "SimpleInventory")


def _wanted(before: RegistryEntry, wanted: RegistryEntry, **more: Any) -> RegistryEntry:
    """``before`` with what a user sets of a router taken from ``wanted`` (address, port,
    platform, groups, data, credential set), and ``more``; its history fields kept."""
    return dataclasses.replace(
        before,
        address=wanted.address,
        port=wanted.port,
        platform=wanted.platform,
        groups=wanted.groups,
        data=wanted.data,
        credential_set=wanted.credential_set,
        **more,
    )


class Registry:
    """The registry of one project's database, acting for ``actor``."""

    def __init__(self, settings: Settings, url: str, actor: str) -> None:
        from netauto.runner.nornir_config import seed_registry

        self.settings = settings
        self.url = url
        self.actor = actor
        seed_registry(settings)

    # -- reads --------------------------------------------------------------------------
    @property
    def writable(self) -> bool:
        return inventory_plugin(self.settings) == DATABASE_INVENTORY

    @property
    def read_only_reason(self) -> str | None:
        if self.writable:
            return None
        return (
            f"the inventory of record is the YAML files ({inventory_plugin(self.settings)} in "
            f"{self.settings.config_file.name}): edit them in git, or set inventory.plugin: "
            f"{DATABASE_INVENTORY} to manage routers here"
        )

    def list(self, *, retired: bool = False) -> list[RegistryEntry]:
        return store.entries(self.url, retired=retired)

    def get(self, name: str) -> RegistryEntry:
        found = store.entry(self.url, name)
        if found is None:
            raise UsageError(f"no device named {name!r} in the registry")
        return found

    def export(self, fmt: str, *, retired: bool = False) -> str:
        entries = self.list(retired=retired)
        return dump_csv(entries) if _format(fmt) == "csv" else dump_yaml(entries)

    # -- checks ---------------------------------------------------------------------------
    def _require_writable(self) -> None:
        reason = self.read_only_reason
        if reason is not None:
            raise UsageError(f"the device registry is read-only: {reason}")

    def _check(
        self,
        entries: Sequence[RegistryEntry],
        current: Mapping[str, RegistryEntry],
        where: Mapping[str, str] | None = None,
    ) -> None:
        """Groups exist, credential sets exist, no two routers in service share an address
        and port."""
        groups = store.group_names(self.url)
        sets = set(store.credential_sets(self.url)) | {"default"}
        names = {entry.name for entry in entries}
        taken = {
            (entry.address, entry.port): entry.name
            for entry in current.values()
            if not entry.retired and entry.name not in names
        }
        for entry in entries:
            prefix = (where or {}).get(entry.name, entry.name)
            missing = [group for group in entry.groups if group not in groups]
            if missing:
                known = ", ".join(sorted(groups)) or "none"
                raise InventoryError(f"{prefix}: no group {missing[0]!r} (groups: {known})")
            if entry.credential_set and entry.credential_set not in sets:
                raise InventoryError(f"{prefix}: no credential set {entry.credential_set!r}")
            other = taken.get((entry.address, entry.port))
            if other is not None and other != entry.name:
                raise InventoryError(f"{prefix}: address {entry.address} is {other}'s already")
            taken[(entry.address, entry.port)] = entry.name

    def _default_groups(self, entry: RegistryEntry) -> RegistryEntry:
        if entry.groups or "routers" not in store.group_names(self.url):
            return entry
        return dataclasses.replace(entry, groups=("routers",))

    # -- changes ----------------------------------------------------------------------------
    def add(self, spec: Mapping[str, Any], *, connect: bool = True) -> RegistryEntry:
        """Check and add a router; with ``connect`` test it at once: facts fill model, serial
        and OS version (status online), or it is added offline with the reason."""
        self._require_writable()
        entry = self._default_groups(checked(spec))
        existing = store.entry(self.url, entry.name)
        if existing is not None:
            hint = " (retired: restore it)" if existing.retired else ""
            raise UsageError(f"{entry.name} is already in the registry{hint}")
        current = {e.name: e for e in store.entries(self.url)}
        self._check([entry], current)
        entry = dataclasses.replace(entry, source="netauto")
        store.save(self.url, self.actor, [store.Write("add", None, entry)])
        if connect:
            from netauto.registry.onboard import onboard

            onboard(self.settings, self.url, entry.name, self.actor)
        return self.get(entry.name)

    def edit(self, name: str, changes: Mapping[str, Any]) -> RegistryEntry:
        """Change a router's address, port, platform, groups, data or credential set."""
        self._require_writable()
        before = self.get(name)
        spec = {**before.spec(), **dict(changes)}
        if spec.get("name", name) != name:
            raise UsageError("a device cannot be renamed: retire it and add the new name")
        after = _wanted(before, checked(spec))
        if after == before:
            return before
        self._check([after], {e.name: e for e in store.entries(self.url)})
        store.save(self.url, self.actor, [store.Write("edit", before, after)])
        return after

    def retire(self, name: str) -> RegistryEntry:
        """Take a router out of every selection; its rows, backups and history stay."""
        self._require_writable()
        before = self.get(name)
        if before.retired:
            raise UsageError(f"{name} is already retired")
        after = dataclasses.replace(before, retired_at=utcnow())
        store.save(self.url, self.actor, [store.Write("retire", before, after)])
        return after

    def restore(self, name: str) -> RegistryEntry:
        self._require_writable()
        before = self.get(name)
        if not before.retired:
            raise UsageError(f"{name} is not retired")
        after = dataclasses.replace(before, retired_at=None)
        self._check([after], {e.name: e for e in store.entries(self.url)})
        store.save(self.url, self.actor, [store.Write("restore", before, after)])
        return after

    # -- files ------------------------------------------------------------------------------
    def plan_import(
        self, text: str | bytes, *, fmt: str, source: str = "file", retire_missing: bool = False
    ) -> ImportPlan:
        """Check every row of the file first (InventoryError naming the line of the first bad
        one) and say what importing it would do; nothing is written."""
        entries = parse(text, fmt=_format(fmt), source=source)
        return self.plan(
            entries, source=source, retire=(lambda _: True) if retire_missing else None
        )

    def plan(
        self,
        entries: Sequence[RegistryEntry],
        *,
        source: str,
        origin: str = "import",
        retire: Callable[[RegistryEntry], bool] | None = None,
    ) -> ImportPlan:
        """What writing ``entries`` would add and change (added ones marked ``origin``), and
        which routers in service they lack that ``retire`` says go."""
        current = {entry.name: entry for entry in store.entries(self.url)}
        self._check(entries, current, where={e.name: f"{source}: {e.name}" for e in entries})
        added, changed, unchanged = [], [], []
        for entry in entries:
            before = current.get(entry.name)
            if before is None:
                added.append(dataclasses.replace(entry, source=origin))
                continue
            kept = origin if origin != "import" else before.source
            after = _wanted(before, entry, retired_at=None, source=kept)
            (unchanged.append(entry.name) if after == before else changed.append((before, after)))
        named = {entry.name for entry in entries}
        retired = [
            e
            for e in current.values()
            if retire is not None and not e.retired and e.name not in named and retire(e)
        ]
        return ImportPlan(added, changed, retired, unchanged)

    def apply_import(self, plan: ImportPlan) -> ImportPlan:
        """Write a plan (all or nothing); routers added are not contacted (run facts)."""
        self._require_writable()
        now = utcnow()
        writes = [store.Write("add", None, entry) for entry in plan.added]
        writes += [store.Write("edit", before, after) for before, after in plan.changed]
        writes += [
            store.Write("retire", entry, dataclasses.replace(entry, retired_at=now))
            for entry in plan.retired
        ]
        store.save(self.url, self.actor, writes)
        return plan

    def sync_nautobot(self, *, dry_run: bool = False) -> ImportPlan:
        """One-way sync from Nautobot (``nautobot.url``, ``nautobot.token``): its active
        devices with a primary IPv4 are added or updated (marked ``source: nautobot``); the
        routers it added that it no longer lists are retired. Others are left alone."""
        from netauto.registry.nautobot import fetch_entries

        if not dry_run:
            self._require_writable()
        entries = fetch_entries(self.settings)
        known = store.group_names(self.url)
        entries = [
            e if e.groups or "routers" not in known else dataclasses.replace(e, groups=("routers",))
            for e in entries
        ]
        plan = self.plan(
            entries, source="nautobot", origin="nautobot", retire=lambda e: e.source == "nautobot"
        )
        return plan if dry_run else self.apply_import(plan)

    def set_credentials(
        self, name: str, *, username: str, password: str, secret: str | None = None
    ) -> None:
        """Store a credential set, its password and secret encrypted (NETAUTO_SECRET_KEY)."""
        from netauto.secretbox import encrypt

        self._require_writable()
        checked({"name": "x", "address": "192.0.2.1", "credential_set": name})
        if name == "default":
            raise UsageError("the default credential set is the environment (NETAUTO_USERNAME...)")
        if not username or not password:
            raise UsageError("a credential set needs a username and a password")
        store.save_credential_set(
            self.url,
            self.actor,
            store.CredentialRow(
                name,
                username,
                encrypt(password, f"credentials.{name}.password"),
                encrypt(secret, f"credentials.{name}.secret") if secret else None,
            ),
        )


def _format(fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    fmt = "yaml" if fmt == "yml" else fmt
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose csv or yaml")
    return fmt
