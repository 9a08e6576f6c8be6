"""Which lab a project's loopback routers reach: the port they take, and a word when in doubt.

Routers on loopback addresses are the simulated fleet. The inventory names no port for them:
they take the port of the lab this project started (its ``lab.json`` in ``lab.state_dir``),
else the ``lab.port`` setting (``NETAUTO_LAB_PORT``), so ``netauto lab up`` and the runbooks
agree by construction. When this project's lab is not running, whatever answers on that port
is not a lab this project started (another project's lab, another program): the run says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from netauto.lab.control import running_state

if TYPE_CHECKING:
    from netauto.settings import Settings


@dataclass(frozen=True)
class LabTarget:
    port: int
    problem: str | None  # None: this project's lab serves ``port``
    snmp_port: int | None = None  # UDP; None: this project's lab answers no SNMP


def lab_target(settings: Settings) -> LabTarget:
    """The port this project's loopback routers take, and why it may not be its lab."""
    folder = settings.lab_state_dir
    state = running_state(folder)
    if state and isinstance(state.get("port"), int):
        snmp = state.get("snmp_port")
        return LabTarget(int(state["port"]), None, snmp if isinstance(snmp, int) else None)
    return LabTarget(
        settings.lab_port,
        f"port {settings.lab_port} is not a lab this project started (its lab is not "
        f"running; state folder {folder}); start it with `netauto lab up --detach`",
        int(settings.value("lab.snmp_port") or 1161),
    )
