"""Host selection shared by every runbook: names, groups and key=value filters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from nornir.core import Nornir
from nornir.core.inventory import Host

from netauto.exceptions import HostSelectionError
from netauto.text import plural

_ATTRIBUTES = ("name", "hostname", "platform", "port", "username")


def describe_names(names: Iterable[str], limit: int = 6) -> str:
    """``R15..R25`` for a run of numbered names, else the first few names."""
    ordered = sorted(names, key=lambda n: (re.sub(r"\d+$", "", n), _number(n)))
    if not ordered:
        return "no hosts"
    prefix = re.sub(r"\d+$", "", ordered[0])
    numbers = [_number(n) for n in ordered]
    if (
        len(ordered) > 2
        and all(re.sub(r"\d+$", "", n) == prefix for n in ordered)
        and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    ):
        return f"{ordered[0]}..{ordered[-1]}"
    shown = ", ".join(ordered[:limit])
    return shown + (f", ... ({plural(len(ordered), 'host')})" if len(ordered) > limit else "")


def _number(name: str) -> int:
    match = re.search(r"(\d+)$", name)
    return int(match.group(1)) if match else -1


def _value(host: Host, key: str) -> object:
    if key in _ATTRIBUTES:
        return getattr(host, key)
    if key == "group":
        return [g.name for g in host.groups]
    try:
        return host[key]
    except KeyError:
        return None


def _matches(host: Host, filters: Mapping[str, str]) -> bool:
    for key, wanted in filters.items():
        value = _value(host, key)
        if isinstance(value, list):
            if wanted not in [str(v) for v in value]:
                return False
        elif value is None or str(value) != wanted:
            return False
    return True


def select_hosts(
    nr: Nornir,
    hosts: Iterable[str] = (),
    groups: Iterable[str] = (),
    filters: Mapping[str, str] | None = None,
) -> Nornir:
    """Filter ``nr``; an unknown host or group, a blank name or an empty result is a
    HostSelectionError. No names, groups or filters at all selects every host."""
    names = list(dict.fromkeys(hosts))
    wanted_groups = list(dict.fromkeys(groups))
    filters = dict(filters or {})
    if any(not str(name).strip() for name in [*names, *wanted_groups]):
        # An empty name is a script's empty variable, never "every router".
        raise HostSelectionError("the selection holds an empty host or group name")
    inventory = nr.inventory
    unknown = [name for name in names if name not in inventory.hosts]
    if unknown:
        raise HostSelectionError(
            f"no host matches: {', '.join(unknown)} "
            f"(inventory has {describe_names(inventory.hosts)})"
        )
    unknown_groups = [group for group in wanted_groups if group not in inventory.groups]
    if unknown_groups:
        known = ", ".join(sorted(inventory.groups)) or "no groups"
        raise HostSelectionError(
            f"no group matches: {', '.join(unknown_groups)} (inventory has {known})"
        )

    def keep(host: Host) -> bool:
        if names and host.name not in names:
            return False
        if wanted_groups and not any(host.has_parent_group(g) for g in wanted_groups):
            return False
        return _matches(host, filters)

    selected = nr.filter(filter_func=keep)
    if not selected.inventory.hosts:
        parts = [f"hosts={','.join(names)}"] if names else []
        parts += [f"group={g}" for g in wanted_groups]
        parts += [f"{k}={v}" for k, v in filters.items()]
        raise HostSelectionError(f"no host matches the selection: {' '.join(parts)}")
    return selected
