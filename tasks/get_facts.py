"""Task ``get_facts``: NAPALM getters (facts, interfaces, interfaces_ip by default)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nornir.core.task import Result, Task

from netauto.connect import connection, device_errors
from netauto.exceptions import DeviceError, UsageError
from netauto.ios_version import with_version
from netauto.tasks._device import record_device
from netauto.tasks._getters import DEFAULT_GETTERS, GETTERS


def getter_names(getters: Sequence[str] | str) -> list[str]:
    """Normalise ``get_facts``/``facts`` spellings; an unknown getter is a UsageError."""
    wanted = [getters] if isinstance(getters, str) else list(getters)
    names = [name.strip().removeprefix("get_") for name in wanted if name.strip()]
    unknown = [name for name in names if name not in GETTERS]
    if unknown:
        raise UsageError(f"unknown getter {unknown[0]!r}; choose from {', '.join(GETTERS)}")
    return list(dict.fromkeys(names)) or list(DEFAULT_GETTERS)


# What NAPALM's ios get_facts reads from show version, and what it says when it cannot.
_FROM_SHOW_VERSION = ("model", "os_version", "hostname")
_UNREAD = (None, "", "Unknown")


def device_values(facts: dict[str, Any], interface_count: int | None = None) -> dict[str, Any]:
    """network_devices columns from NAPALM facts: model, uptime_seconds, metadata."""
    interfaces = facts.get("interface_list") or []
    uptime = facts.get("uptime")
    values: dict[str, Any] = {
        "model": str(facts.get("model") or "unknown")[:100],
        "uptime_seconds": int(uptime) if isinstance(uptime, int | float) and uptime >= 0 else 0,
        "metadata": {
            "serial": facts.get("serial_number"),
            "os_version": facts.get("os_version"),
            "os_version_raw": facts.get("os_version_raw"),
            "vendor": facts.get("vendor"),
            "hostname": facts.get("hostname"),
            "fqdn": facts.get("fqdn"),
            "interface_count": interface_count if interface_count is not None else len(interfaces),
        },
    }
    if facts.get("model") in _UNREAD:
        del values["model"]  # an unread model never overwrites a known one
    return values


def get_facts(
    task: Task,
    *,
    getters: Sequence[str] | str = DEFAULT_GETTERS,
    update_device: bool = True,
) -> Result:
    """Run NAPALM getters over the host's napalm connection (opened with retries).

    ``getters`` are NAPALM getter names with or without ``get_`` (``facts``, ``interfaces``,
    ``interfaces_ip``, ``environment``...). With ``update_device`` (and a netauto Nornir) and
    ``facts`` among the getters, network_devices gets model, uptime_seconds, status online,
    last_seen and metadata (serial, os_version, interface_count...). The facts' ``os_version``
    is the version (``15.7(3)M8``), NAPALM's whole text is ``os_version_raw``.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): getter name (without ``get_``) -> what NAPALM returned
          * changed (``bool``): always False
    """
    from netauto.clock import utcnow

    names = getter_names(getters)
    device = connection(task, "napalm")
    data: dict[str, Any] = {}
    for name in names:
        with device_errors(task, "napalm", f"get_{name}"):
            data[name] = getattr(device, f"get_{name}")()
    if "facts" in data:
        unread = [key for key in _FROM_SHOW_VERSION if data["facts"].get(key) in _UNREAD]
        if len(unread) == len(_FROM_SHOW_VERSION):
            # NAPALM answers "Unknown" when show version gave nothing it could parse.
            raise DeviceError(
                "get_facts: show version could not be read (model, version, hostname all "
                "unknown: % Invalid input?); network_devices not updated"
            )
        data["facts"] = with_version(data["facts"])
    if update_device and "facts" in data:
        values = device_values(data["facts"])
        record_device(task, status="online", last_seen=utcnow(), **values)
    return Result(host=task.host, result=data, changed=False)


get_facts.operation_type = "facts"  # type: ignore[attr-defined]
