"""netauto lab: simulated Cisco IOS routers over real SSH, for runbooks and tests.

``start_fleet()`` runs a fleet inside the current process (tests, scripts); ``netauto lab up``
runs one in the foreground or detached. See docs/lab.md.
"""

from __future__ import annotations

from netauto.lab.addressing import RouterSpec, plan
from netauto.lab.faults import Faults
from netauto.lab.fleet import AsyncFleet, Fleet, RouterView, free_port, start_fleet

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
