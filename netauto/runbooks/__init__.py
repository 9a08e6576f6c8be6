"""The runbooks as a library: plain functions that take a selection and return a report.

::

    from netauto.runbooks import Selection, RunOptions, backup

    report = backup(Selection(hosts=["R15"]), options=RunOptions(config="config.yaml"))
    for outcome in report.hosts:
        print(outcome.host, outcome.status, outcome.detail, outcome.diff)

No runbook prints, prompts or exits: errors are ``NetautoError`` exceptions, questions go
through a ``confirm(plan) -> bool`` callback (change runbooks), progress goes to
``RunOptions.on_event``. The ``netauto`` command, and every other front end, only calls these.

Each module here is one runbook: its function and its declaration (``RUNBOOK``, a
:class:`~netauto.engine.declaration.Runbook`), from which the command line, schedules, the
web and the assistant make their options. Adding a module (and exporting its function below)
adds a runbook everywhere. Importing this package is cheap, as ``netauto --help`` reads every
declaration: a runbook's module loads when it is first asked for, Nornir and the drivers when
a runbook runs.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netauto.engine.change import Confirm
    from netauto.engine.events import Progress
    from netauto.engine.options import RunOptions, Selection
    from netauto.plan import ChangePlan, PlannedChange
    from netauto.report import FollowUp, HostOutcome, RunReport
    from netauto.runbooks.backup import backup
    from netauto.runbooks.check import check
    from netauto.runbooks.compliance import compliance
    from netauto.runbooks.deploy import deploy
    from netauto.runbooks.facts import facts
    from netauto.runbooks.generate import generate
    from netauto.runbooks.health import health
    from netauto.runbooks.poll import poll
    from netauto.runbooks.remediate import remediate
    from netauto.runbooks.render import render
    from netauto.runbooks.rollback import rollback
    from netauto.runbooks.show import show

# The engine's types, re-exported for library users, imported when first asked for.
_TYPES = {
    "ChangePlan": "netauto.plan",
    "Confirm": "netauto.engine.change",
    "PlannedChange": "netauto.plan",
    "Progress": "netauto.engine.events",
    "FollowUp": "netauto.report",
    "HostOutcome": "netauto.report",
    "RunReport": "netauto.report",
    "RunOptions": "netauto.engine.options",
    "Selection": "netauto.engine.options",
}


class _RunbooksModule(types.ModuleType):
    """Keeps ``netauto.runbooks.<name>`` the runbook function, not its module of the same
    name, which importing the module sets as an attribute of the package (``netauto.tasks``
    does the same for its tasks)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}":
            function = getattr(value, name, None)
            if callable(function):
                value = function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _RunbooksModule


def __getattr__(name: str) -> Any:
    """A runbook function or an engine type, imported when first asked for: a command imports
    only its own runbook's module."""
    if name in _TYPES:
        value = getattr(importlib.import_module(_TYPES[name]), name)
    elif name in __all__:
        value = getattr(importlib.import_module(f"{__name__}.{name}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = [
    "ChangePlan",
    "Confirm",
    "FollowUp",
    "HostOutcome",
    "PlannedChange",
    "Progress",
    "RunOptions",
    "RunReport",
    "Selection",
    "backup",
    "check",
    "compliance",
    "deploy",
    "facts",
    "generate",
    "health",
    "poll",
    "remediate",
    "render",
    "rollback",
    "show",
]
