"""Read the routers of a Nautobot through its REST API (``/api/dcim/devices/``).

Over ``requests`` with the API token, not through ``nornir-nautobot``: that package (and
pynautobot, jdiff, ttp, ntc-templates under it) is not in netauto's lock, and the sync needs
one paged GET. A device is a router of the registry when its status is Active and it has a
primary IPv4 address. Its platform's network driver gives the Nornir platform; location and
role land in its data; its local config context's ``netauto`` key may set ``port``,
``groups``, ``data`` and ``credential_set`` (a name: credentials never come from Nautobot).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from netauto.db.rows import RegistryEntry
from netauto.devicefile import checked
from netauto.exceptions import ConfigError, InventoryError, UsageError

if TYPE_CHECKING:
    from netauto.settings import Settings

# Nautobot's network_driver (netutils names) -> the Nornir/NAPALM platform.
PLATFORMS = {
    "cisco_ios": "ios",
    "cisco_xe": "ios",
    "cisco_nxos": "nxos",
    "arista_eos": "eos",
    "juniper_junos": "junos",
}
PAGE = 500


def _name(value: Any) -> str | None:
    return value.get("name") if isinstance(value, dict) else None


def entry_of(device: dict[str, Any]) -> RegistryEntry | None:
    """The registry's router for one Nautobot device (depth 1), None when it is not one."""
    status = _name(device.get("status"))
    primary = device.get("primary_ip4") or {}
    address = str(primary.get("address") or "").split("/")[0]
    if status != "Active" or not address:
        return None
    context = (device.get("local_config_context_data") or {}).get("netauto") or {}
    platform = device.get("platform") or {}
    data = {
        key: value
        for key, value in (
            ("site", _name(device.get("location"))),
            ("role", _name(device.get("role"))),
            ("nautobot_id", device.get("id")),
        )
        if value
    }
    data.update(context.get("data") or {})
    spec = {
        "name": device.get("name"),
        "address": address,
        "port": context.get("port"),
        "platform": PLATFORMS.get(str(platform.get("network_driver") or "")),
        "groups": context.get("groups") or [],
        "data": data,
        "credential_set": context.get("credential_set"),
    }
    entry = checked(spec, where=f"Nautobot device {device.get('name')!r}")
    device_type = device.get("device_type") or {}
    return dataclasses.replace(
        entry, model=str(device_type.get("model") or "unknown"), serial=device.get("serial") or None
    )


def fetch_entries(settings: Settings) -> list[RegistryEntry]:
    """Every router Nautobot lists (UsageError when it cannot be reached or refuses)."""
    import requests

    base = str(settings.value("nautobot.url") or "").rstrip("/")
    token = settings.value("nautobot.token")
    if not base or not token:
        raise ConfigError(
            "the Nautobot sync needs nautobot.url and nautobot.token (NETAUTO_NAUTOBOT_URL, "
            "NETAUTO_NAUTOBOT_TOKEN, or `netauto settings set`)"
        )
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    url: str | None = f"{base}/api/dcim/devices/?depth=1&limit={PAGE}"
    found: list[RegistryEntry] = []
    with requests.Session() as http:
        while url:
            try:
                answer = http.get(url, headers=headers, timeout=settings.value("nautobot.timeout"))
            except requests.RequestException as exc:
                raise UsageError(f"cannot reach Nautobot at {base}: {type(exc).__name__}") from None
            if answer.status_code != 200:
                raise UsageError(f"Nautobot at {base} answered {answer.status_code} to {url}")
            page = answer.json()
            for device in page.get("results") or []:
                try:
                    entry = entry_of(device)
                except InventoryError as exc:
                    raise UsageError(str(exc)) from None
                if entry is not None:
                    found.append(entry)
            url = page.get("next")
    return found
