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
declaration: Nornir and the drivers load when a runbook runs, the engine's types on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from netauto.runbooks.backup import backup
from netauto.runbooks.check import check
from netauto.runbooks.deploy import deploy
from netauto.runbooks.facts import facts
from netauto.runbooks.generate import generate
from netauto.runbooks.health import health
from netauto.runbooks.render import render
from netauto.runbooks.rollback import rollback
from netauto.runbooks.show import show

if TYPE_CHECKING:
    from netauto.engine.change import ChangePlan, Confirm, PlannedChange
    from netauto.engine.events import Progress
    from netauto.engine.report import FollowUp, HostOutcome, RunReport
    from netauto.engine.session import RunOptions, Selection

# The engine's types, re-exported for library users, imported when first asked for.
_TYPES = {
    "ChangePlan": "netauto.engine.change",
    "Confirm": "netauto.engine.change",
    "PlannedChange": "netauto.engine.change",
    "Progress": "netauto.engine.events",
    "FollowUp": "netauto.engine.report",
    "HostOutcome": "netauto.engine.report",
    "RunReport": "netauto.engine.report",
    "RunOptions": "netauto.engine.session",
    "Selection": "netauto.engine.session",
}


def __getattr__(name: str) -> Any:
    if name not in _TYPES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_TYPES[name]), name)
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
    "deploy",
    "facts",
    "generate",
    "health",
    "render",
    "rollback",
    "show",
]
