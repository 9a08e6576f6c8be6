"""What ``init_nornir`` sets on a loaded inventory's hosts: the worker count its size calls
for, the connection timeouts of the settings, the lab's port for loopback routers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nornir.core import Nornir

    from netauto.context import RunContext
    from netauto.settings import Settings


def default_workers(nr: Nornir) -> None:
    """No worker count given anywhere: the inventory's size and the machine decide."""
    from netauto.workers import default_workers

    workers = default_workers(len(nr.inventory.hosts))
    nr.runner.num_workers = workers  # type: ignore[attr-defined]
    nr.config.runner.options["num_workers"] = workers


def apply_timeouts(nr: Nornir, settings: Settings) -> None:
    for host in nr.inventory.hosts.values():
        netmiko = host.connection_options.get("netmiko")
        if netmiko is not None and netmiko.extras is not None:
            netmiko.extras.setdefault("conn_timeout", settings.connect_timeout)
            netmiko.extras.setdefault("auth_timeout", settings.connect_timeout)
            netmiko.extras.setdefault("banner_timeout", settings.connect_timeout)
            netmiko.extras.setdefault("read_timeout_override", settings.command_timeout)
        napalm = host.connection_options.get("napalm")
        if napalm is not None and napalm.extras is not None:
            napalm.extras.setdefault("timeout", int(settings.command_timeout))
            optional = napalm.extras.setdefault("optional_args", {})
            optional.setdefault("conn_timeout", settings.connect_timeout)
            optional.setdefault("auth_timeout", settings.connect_timeout)
            optional.setdefault("banner_timeout", settings.connect_timeout)
            # Every command NAPALM sends waits the command timeout, not netmiko's own 10 s
            # (compare_config) or NAPALM's 90 s (commit): the figure an error quotes is real.
            optional.setdefault("read_timeout_override", settings.command_timeout)


def apply_lab_port(nr: Nornir, context: RunContext) -> None:
    """Loopback routers with no port take the port of this project's lab (lab/target.py)."""
    from netauto.plugins.credentials import is_loopback

    names = [
        host.name
        for host in nr.inventory.hosts.values()
        if host.port is None and is_loopback(host.hostname or "")
    ]
    if not names:
        return
    from netauto.lab.target import lab_target

    target = lab_target(context.settings)
    for name in names:
        nr.inventory.hosts[name].port = target.port
    context.lab_hosts = frozenset(names)
    context.lab_problem = target.problem
