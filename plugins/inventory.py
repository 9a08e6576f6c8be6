"""Inventory plugin ``netauto.database``: the routers of the registry (``network_devices``).

Chosen in config.yaml instead of ``SimpleInventory``::

    inventory:
      plugin: netauto.database
      options:                        # optional: the YAML files seed an empty registry
        host_file: inventory/hosts.yaml
        group_file: inventory/groups.yaml
        defaults_file: inventory/defaults.yaml
      transform_function: netauto.credentials

``init_nornir`` adds the project's database URL (``url``). Retired routers are in no
selection. Defaults stay in ``defaults_file`` (no credentials in it); groups are the
``device_groups`` rows. A router's or group's credential set is put in its data as
``credential_set``: the ``netauto.credentials`` transform looks it up, decrypted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nornir.core.inventory import (
    ConnectionOptions,
    Defaults,
    Group,
    Groups,
    Host,
    Hosts,
    Inventory,
    ParentGroups,
)

from netauto.db.registry import GroupRow, inventory_rows
from netauto.exceptions import InventoryError


def _options(data: dict[str, Any]) -> dict[str, ConnectionOptions]:
    return {
        name: ConnectionOptions(
            hostname=value.get("hostname"),
            port=value.get("port"),
            platform=value.get("platform"),
            extras=value.get("extras"),
        )
        for name, value in (data or {}).items()
    }


def _read_mapping(path: Path) -> dict[str, Any]:
    import yaml  # init_nornir has parsed the files already: a broken one never gets here

    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    if data is not None and not isinstance(data, dict):
        raise InventoryError(f"{path}: must be a mapping of names to entries")
    return data or {}


def _group(row: GroupRow, defaults: Defaults) -> Group:
    data = dict(row.data)
    if row.credential_set:
        data["credential_set"] = row.credential_set
    return Group(
        name=row.name,
        platform=row.platform,
        data=data,
        defaults=defaults,
        connection_options=_options(row.connection_options),
    )


def seed_once(url: str, host_file: Path, group_file: Path | None) -> None:
    """An empty registry (no group yet) gets the YAML files' groups and routers, once."""
    from netauto.db.registry import group_names, seed

    if group_names(url) or not host_file.exists():
        return
    from netauto.devicefile import groups_of, parse_yaml_hosts

    groups = groups_of(_read_mapping(group_file)) if group_file is not None else []
    entries = parse_yaml_hosts(host_file.read_text(), source=str(host_file))
    seed(url, entries, groups)


class DatabaseInventory:
    """Nornir's inventory from the project's database (see the module docstring)."""

    def __init__(
        self,
        url: str,
        host_file: str | None = None,
        group_file: str | None = None,
        defaults_file: str | None = None,
    ) -> None:
        self.url = url
        self.host_file = Path(host_file) if host_file else None
        self.group_file = Path(group_file) if group_file else None
        self.defaults_file = Path(defaults_file) if defaults_file else None

    def load(self) -> Inventory:
        from netauto.db.migrate import ensure_schema

        ensure_schema(self.url)
        if self.host_file is not None:
            seed_once(self.url, self.host_file, self.group_file)
        raw = _read_mapping(self.defaults_file) if self.defaults_file else {}
        defaults = Defaults(
            platform=raw.get("platform"),
            port=raw.get("port"),
            data=raw.get("data"),
            connection_options=_options(raw.get("connection_options") or {}),
        )
        entries, group_rows = inventory_rows(self.url)
        groups = Groups({row.name: _group(row, defaults) for row in group_rows})
        hosts = Hosts()
        for entry in entries:
            data = dict(entry.data)
            if entry.credential_set:
                data["credential_set"] = entry.credential_set
            try:
                parents = ParentGroups([groups[name] for name in entry.groups])
            except KeyError as exc:
                raise InventoryError(
                    f"host {entry.name}: group {exc.args[0]!r} is not in the registry"
                ) from None
            hosts[entry.name] = Host(
                name=entry.name,
                hostname=entry.address,
                port=entry.port,
                platform=entry.platform,
                data=data,
                groups=parents,
                defaults=defaults,
            )
        return Inventory(hosts=hosts, groups=groups, defaults=defaults)
