"""The runbooks as a library: plain functions that take a selection and return a report.

::

    from netauto.runbooks import Selection, RunOptions, backup

    report = backup(Selection(hosts=["R15"]), options=RunOptions(config="config.yaml"))
    for outcome in report.hosts:
        print(outcome.host, outcome.status, outcome.detail, outcome.diff)

No runbook prints, prompts or exits: errors are ``NetautoError`` exceptions, questions go
through a ``confirm(plan) -> bool`` callback (change runbooks), progress goes to
``RunOptions.on_event``. The ``netauto`` command, and every other front end, only calls these.
Importing this package is cheap: Nornir and the drivers load when a runbook runs.
"""

from __future__ import annotations

from netauto.engine.change import ChangePlan, Confirm, PlannedChange
from netauto.engine.events import Progress
from netauto.engine.report import FollowUp, HostOutcome, RunReport
from netauto.engine.session import RunOptions, Selection
from netauto.runbooks.backup import backup
from netauto.runbooks.check import check
from netauto.runbooks.deploy import deploy
from netauto.runbooks.facts import facts
from netauto.runbooks.generate import generate
from netauto.runbooks.health import health
from netauto.runbooks.render import render
from netauto.runbooks.rollback import rollback
from netauto.runbooks.show import show

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
