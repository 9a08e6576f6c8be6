"""Connection plugins registered lazily: the driver is imported on the first connection.

Nornir's ``InitNornir`` imports every installed connection plugin up front, and nornir_napalm
alone pulls in napalm with junos-eznc, ncclient and pyeapi (a quarter of a second) even for a
runbook that only uses netmiko. These stand-ins import the real plugin when a host first
connects and then put the real class in the registry. A runbook run imports them once, in its
own thread, before any thread of the run starts (:func:`preload_drivers`): importing them from
parallel worker threads raced with other imports.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from nornir.core.configuration import Config
from nornir.core.plugins.connections import ConnectionPluginRegister

# name -> (module, class) of the real plugins, as their packages' entry points declare them.
REAL_PLUGINS = {
    "netmiko": ("nornir_netmiko.connections", "Netmiko"),
    "napalm": ("nornir_napalm.plugins.connections", "Napalm"),
}


# One import of the drivers at a time: junos-eznc (pulled in by napalm) walks sys.modules
# while it imports, and another thread's import changes it under its feet ("dictionary
# changed size during iteration"), failing that login.
_importing = threading.Lock()
_RACE = "changed size during iteration"


def _real_class(name: str) -> Any:
    module, attribute = REAL_PLUGINS[name]
    with _importing:
        for attempt in range(3):
            try:
                loaded = importlib.import_module(module)
                break
            except RuntimeError as exc:  # another thread imported meanwhile: try again
                if _RACE not in str(exc) or attempt == 2:
                    raise
        real = getattr(loaded, attribute)
        ConnectionPluginRegister.available[name] = real
        return real


def preload_drivers(names: tuple[str, ...] = tuple(REAL_PLUGINS)) -> None:
    """Import the real drivers now, before a run starts its threads (``open_run`` does)."""
    for name in names:
        if ConnectionPluginRegister.available.get(name) in (None, LazyNetmiko, LazyNapalm):
            _real_class(name)


class _Lazy:
    name = ""

    def __init__(self) -> None:
        self._real = _real_class(self.name)()

    @property
    def connection(self) -> Any:
        return self._real.connection

    @connection.setter
    def connection(self, value: Any) -> None:
        self._real.connection = value

    def open(
        self,
        hostname: str | None,
        username: str | None,
        password: str | None,
        port: int | None,
        platform: str | None,
        extras: dict[str, Any] | None = None,
        configuration: Config | None = None,
    ) -> None:
        self._real.open(hostname, username, password, port, platform, extras, configuration)

    def close(self) -> None:
        self._real.close()


class LazyNetmiko(_Lazy):
    name = "netmiko"


class LazyNapalm(_Lazy):
    name = "napalm"


def register_lazy_connections() -> None:
    """Register the stand-ins where no plugin of that name is registered yet."""
    for plugin in (LazyNetmiko, LazyNapalm):
        if plugin.name not in ConnectionPluginRegister.available:
            ConnectionPluginRegister.register(plugin.name, plugin)
