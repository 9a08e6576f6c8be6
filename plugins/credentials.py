"""Inventory transform ``netauto.credentials``: device credentials from the environment.

Credentials never live in inventory files. ``NETAUTO_USERNAME``, ``NETAUTO_PASSWORD`` and
``NETAUTO_SECRET`` (enable secret) apply to every host: the default credential set. Only
hosts on loopback, which can only be the simulated fleet, fall back to the lab's documented
credentials. A host or group whose data names a ``credential_set`` takes that set from the
project's database (``credential_sets``, decrypted with ``NETAUTO_SECRET_KEY``) instead.
"""

from __future__ import annotations

import copy
import ipaddress
import os
import threading
import time
from typing import Any

from nornir.core.inventory import ConnectionOptions, Host

from netauto.exceptions import InventoryError

LAB_USERNAME = "netauto"
LAB_PASSWORD = "netauto-lab"
LAB_SECRET = "netauto-enable"


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


_ROWS_SECONDS = 2.0  # a set changed in the database is seen this long after, at most
_rows: dict[str, tuple[float, dict[str, Any]]] = {}
_plain: dict[tuple[str, str, str | None, str], tuple[str, str, str | None]] = {}
_cache_lock = threading.Lock()


def credential_set(url: str, name: str) -> tuple[str, str, str | None]:
    """(username, password, secret) of the set ``name``, decrypted. Loading thousands of
    hosts reads the sets once and decrypts each once (per key: a new key is used at once)."""
    from netauto.db.registry import credential_sets
    from netauto.secretbox import KEY_VARIABLE, decrypt

    now = time.monotonic()
    with _cache_lock:
        found = _rows.get(url)
    if found is None or now - found[0] > _ROWS_SECONDS:
        found = (now, dict(credential_sets(url)))
        with _cache_lock:
            _rows[url] = found
    row = found[1].get(name)
    if row is None:
        raise InventoryError(
            f"credential set {name!r} is not defined (netauto devices credentials)"
        )
    key = (row.password, row.username, row.secret, os.environ.get(KEY_VARIABLE, ""))
    with _cache_lock:
        plain = _plain.get(key)
    if plain is None:
        plain = (
            row.username,
            decrypt(row.password, f"credentials.{name}.password"),
            decrypt(row.secret, f"credentials.{name}.secret") if row.secret else None,
        )
        with _cache_lock:
            _plain[key] = plain
    return plain


def credentials(host: Host, database_url: str | None = None) -> None:
    """Fill the host's username, password and enable secret: its credential set if it names
    one (``database_url`` holds them), else the environment."""
    name = host.name
    if not host.hostname:
        raise InventoryError(f"host {name}: no hostname (address) in the inventory")
    try:
        lab = ipaddress.ip_address(host.hostname).is_loopback
    except ValueError:
        raise InventoryError(
            f"host {name}: hostname {host.hostname!r} is not a valid IP address"
        ) from None
    port = host.port
    if port is not None and (
        isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535
    ):
        raise InventoryError(f"host {name}: port {port!r} is not a TCP port number (1-65535)")
    named = _named_set(host)
    if named and named != "default":
        if database_url is None:
            raise InventoryError(f"host {name}: credential set {named!r} needs the database")
        username, password, secret = credential_set(database_url, str(named))
        host.username, host.password = username, password
        _set_enable(host, secret)
        return
    host.username = (
        os.environ.get("NETAUTO_USERNAME") or host.username or (LAB_USERNAME if lab else None)
    )
    host.password = (
        os.environ.get("NETAUTO_PASSWORD") or host.password or (LAB_PASSWORD if lab else None)
    )
    if not host.username or not host.password:
        missing = "NETAUTO_USERNAME" if not host.username else "NETAUTO_PASSWORD"
        raise InventoryError(f"host {name}: no credentials; set {missing}")
    _set_enable(host, os.environ.get("NETAUTO_SECRET") or (LAB_SECRET if lab else None))


def _named_set(host: Host) -> Any:
    """The host's ``credential_set`` (its data, its groups', the defaults'): as
    ``host.get`` but without its generic walk, which was a tenth of loading 10,000 hosts."""
    if "credential_set" in host.data:
        return host.data["credential_set"]
    for group in host.groups:
        found = group.get("credential_set")
        if found is not None:
            return found
    return host.defaults.data.get("credential_set")


def _set_enable(host: Host, enable: str | None) -> None:
    netmiko = own_connection_options(host, "netmiko")
    napalm = own_connection_options(host, "napalm")
    if enable:
        netmiko["secret"] = enable
        napalm["optional_args"]["secret"] = enable


def own_connection_options(host: Host, plugin: str) -> dict[str, Any]:
    """Give the host its own copy of the plugin's connection options.

    Group-level ``extras`` are shared by reference between hosts and nornir_napalm mutates
    them, which sends every host to the first host's port; a deep copy per host avoids it.
    """
    merged = host.get_connection_parameters(plugin)
    # Deep-copied value by value, empty containers made anew: one deepcopy of the whole,
    # 10,000 hosts times two plugins, was a third of loading the inventory.
    extras = {key: _copied(value) for key, value in (merged.extras or {}).items()}
    if plugin == "napalm":
        extras["optional_args"] = dict(extras.get("optional_args") or {})
    host.connection_options[plugin] = ConnectionOptions(platform=merged.platform, extras=extras)
    return extras


def _copied(value: Any) -> Any:
    if isinstance(value, dict | list):
        return copy.deepcopy(value) if value else type(value)()
    return value
