"""What pages and the API both read: filters from a query string, a device with its history.

Thin glue over :mod:`netauto.db` and :mod:`netauto.backups`; a page renders it, the API
serializes it. Backup diffs are masked here: a backup file may hold secrets (unless it was
taken with ``--mask-secrets``), a page never does.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netauto.backups import Version, file_diff, versions
from netauto.db import browse
from netauto.db.queries import parse_when
from netauto.exceptions import BackupRepoError, UsageError
from netauto.secrets import mask
from netauto.settings import Settings

_LISTS = {"host": "hosts", "type": "types", "status": "statuses", "user": "users"}
_HOST = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")


def _names(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def limit_of(args: Mapping[str, str], default: int = 50) -> int:
    text = args.get("limit") or ""
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= browse.MAX_PAGE:
        raise UsageError(f"limit must be a number from 1 to {browse.MAX_PAGE}")
    return int(text)


def cursor_of(args: Mapping[str, str]) -> browse.Cursor | None:
    text = args.get("before") or ""
    return browse.Cursor.decode(text) if text else None


def operation_filters(args: Mapping[str, str]) -> dict[str, Any]:
    """Keyword arguments of :func:`netauto.db.browse.operations` from a query string.

    ``host``, ``type``, ``status``, ``user``: comma-separated; ``since``/``until``: an age
    (``30m``, ``2d``) or an ISO time; ``run``: a run id.
    """
    found: dict[str, Any] = {}
    for arg, keyword in _LISTS.items():
        if args.get(arg):
            found[keyword] = _names(args[arg])
    for arg in ("since", "until"):
        if args.get(arg):
            found[arg] = parse_when(args[arg], option=arg)
    if args.get("run"):
        try:
            found["run"] = uuid.UUID(args["run"].strip())
        except ValueError:
            raise UsageError(f"run must be a full run id, got {args['run']!r}") from None
    return found


def host_name(name: str) -> str:
    if not _HOST.match(name):
        raise UsageError(f"{name!r} is not a device name")
    return name


@dataclass(frozen=True)
class DeviceView:
    device: browse.Device
    last_backup: datetime | None
    facts_at: datetime | None
    facts: dict[str, Any]  # getter -> what NAPALM returned, from the last facts run
    operations: browse.Page
    backups: list[Version]


def device_view(settings: Settings, name: str, *, limit: int = 25) -> DeviceView:
    url = settings.database_url
    found = browse.device(url, host_name(name))
    latest = browse.latest_result(url, found.name, "facts")
    facts = latest[1] if latest is not None and isinstance(latest[1], dict) else {}
    backup = browse.latest_result(url, found.name, "config_backup")
    return DeviceView(
        device=found,
        last_backup=backup[0] if backup is not None else None,
        facts_at=latest[0] if latest is not None else None,
        facts=facts,
        operations=browse.operations(url, hosts=[found.name], limit=limit),
        backups=backup_versions(settings, found.name),
    )


def backup_versions(settings: Settings, name: str, limit: int = 50) -> list[Version]:
    return versions(settings.backups_dir, f"{host_name(name)}.cfg", limit=limit)


def backup_diff(settings: Settings, name: str, older: str, newer: str) -> str:
    """The masked unified diff of a device's backup between two commits."""
    filename = f"{host_name(name)}.cfg"
    try:
        text = file_diff(settings.backups_dir, filename, older.lower(), newer.lower())
    except BackupRepoError as exc:
        raise UsageError(str(exc)) from None
    return mask(text)


def interfaces(facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rows for an interface table from the ``interfaces`` and ``interfaces_ip`` getters."""
    state = facts.get("interfaces") or {}
    addresses = facts.get("interfaces_ip") or {}
    rows = []
    for name in sorted(state) if isinstance(state, dict) else []:
        values = state[name] if isinstance(state[name], dict) else {}
        ipv4 = (addresses.get(name) or {}).get("ipv4") or {} if isinstance(addresses, dict) else {}
        rows.append(
            {
                "name": name,
                "enabled": bool(values.get("is_enabled")),
                "up": bool(values.get("is_up")),
                "description": str(values.get("description") or ""),
                "speed": values.get("speed"),
                "mac": values.get("mac_address") or "",
                "ipv4": [f"{ip}/{info.get('prefix_length')}" for ip, info in ipv4.items()],
            }
        )
    return rows


def setting_rows(settings: Settings) -> list[dict[str, Any]]:
    """The settings as pages and the API show them: secrets ``<set>``, no URL password."""
    from netauto.db.engine import redacted_url
    from netauto.settings_schema import spec_of
    from netauto.settings_store import rows

    found = []
    for row in rows(settings):
        value = redacted_url(row.value) if row.key == "database_url" and row.value else row.value
        found.append(
            {
                "key": row.key,
                "value": value,
                "source": row.source,
                "secret": row.secret,
                "description": row.description,
                "storable": spec_of(row.key).stored,
            }
        )
    return found
