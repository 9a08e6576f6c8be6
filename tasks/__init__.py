"""Nornir task plugins of netauto, one task per module.

Every module of this package whose name does not start with ``_`` is a task module and
defines a function of the same name: ``tasks/backup_config.py`` gives
``netauto.tasks.backup_config``. Modules starting with ``_`` are helpers. There is no list to
keep: a new task module is found by its file name.

Tasks are imported lazily so that ``from netauto.tasks import backup_config`` only loads the
modules it needs (napalm alone pulls in junos-eznc, ncclient and pyeapi).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import types
from typing import Any


def _task_names() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def _task_of(module: types.ModuleType, name: str) -> Any:
    task = getattr(module, name, None)
    if not callable(task):
        raise ImportError(
            f"task module {module.__name__} defines no function {name}() "
            "(name helper modules with a leading underscore)",
            name=module.__name__,
        )
    return task


class _TasksModule(types.ModuleType):
    """Keeps ``netauto.tasks.<name>`` the task function, not its module of the same name.

    Importing a submodule makes Python set it as an attribute of the package, which would
    shadow the function (``from netauto.tasks import backup_config`` would give the module).
    A task module without its function is not set at all, so that reading the attribute goes
    to :func:`__getattr__` and raises ImportError instead of handing out the module.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        is_task_module = (
            isinstance(value, types.ModuleType)
            and value.__name__ == f"{__name__}.{name}"
            and not name.startswith("_")
        )
        if is_task_module:
            task = getattr(value, name, None)
            if not callable(task):
                return
            value = task
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _TasksModule


def __getattr__(name: str) -> Any:
    if name.startswith("_") or name not in _task_names():
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _task_of(importlib.import_module(f"{__name__}.{name}"), name)


def __dir__() -> list[str]:
    return _task_names()
