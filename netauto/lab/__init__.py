"""netauto lab: simulated Cisco IOS routers over real SSH, for runbooks and tests.

``start_fleet()`` runs a fleet inside the current process (tests, scripts); ``netauto lab up``
runs one in the foreground or detached. See docs/lab.md. The names below are imported on
first use: asyncssh is heavy and ``netauto --help`` must stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netauto.lab.addressing import RouterSpec, plan
    from netauto.lab.faults import Faults
    from netauto.lab.fleet import AsyncFleet, Fleet, RouterView, free_port, start_fleet

_WHERE = {
    "RouterSpec": "addressing",
    "plan": "addressing",
    "Faults": "faults",
    "AsyncFleet": "fleet",
    "Fleet": "fleet",
    "RouterView": "fleet",
    "free_port": "fleet",
    "start_fleet": "fleet",
}
__all__ = [
    "AsyncFleet",
    "Faults",
    "Fleet",
    "RouterSpec",
    "RouterView",
    "free_port",
    "plan",
    "start_fleet",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'netauto.lab' has no attribute {name!r}")
    return getattr(importlib.import_module(f"netauto.lab.{module}"), name)
