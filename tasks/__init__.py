"""Nornir task plugins of netauto, one task per module.

Tasks are imported lazily so that ``from netauto.tasks import backup_config`` only loads the
modules it needs (napalm alone pulls in junos-eznc, ncclient and pyeapi).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

# task name -> module under netauto.tasks; each module defines a function of the same name.
_TASKS: dict[str, str] = {
    "backup_config": "backup_config",
    "deploy_config": "deploy_config",
    "render_config": "render_config",
    "rollback_config": "rollback_config",
    "verify_config": "verify_config",
    "check_reachability": "check_reachability",
    "get_facts": "get_facts",
    "health_check": "health_check",
    "generate_config": "generate_config",
}


class _TasksModule(types.ModuleType):
    """Keeps ``netauto.tasks.<name>`` the task function, not its module of the same name.

    Importing a submodule makes Python set it as an attribute of the package, which would
    shadow the function (``from netauto.tasks import backup_config`` would give the module).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _TASKS.get(name) == name:
            value = getattr(value, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _TasksModule


def __getattr__(name: str) -> Any:
    module = _TASKS.get(name)
    if module is None:
        raise AttributeError(f"module 'netauto.tasks' has no attribute {name!r}")
    return getattr(importlib.import_module(f"netauto.tasks.{module}"), name)


def __dir__() -> list[str]:
    return sorted(_TASKS)
