"""Runbook ``show``: one allowed show command on each router, its output per host."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netauto.engine.report import HostOutcome, RunReport
from netauto.engine.session import RunOptions, Selection, open_run, outcomes
from netauto.text import plural

if TYPE_CHECKING:
    from nornir.core.task import MultiResult


def _describe(host: str, multi: MultiResult) -> HostOutcome:
    data = dict(multi[0].result)
    lines = int(data.get("lines") or 0)
    return HostOutcome(host, "ok", detail=plural(lines, "line"), data=data)


def show(
    selection: Selection | None = None,
    *,
    command: str,
    options: RunOptions | None = None,
) -> RunReport:
    """Run ``command`` on each router once the allow-list accepts it.

    The allow-list (``chat.allowed_commands`` in config.yaml, see ``netauto.show_policy``) is
    checked before any router is contacted: a refused command raises CommandRefused (exit 2).
    Each outcome's ``data`` holds the ``command`` as sent (abbreviations written out) and the
    router's ``output``; the operations log keeps it with secrets masked.
    """
    from netauto.settings import load_settings
    from netauto.show_policy import load_policy
    from netauto.tasks.show_command import show_command

    sent = load_policy(load_settings(options.config if options else None)).check(command)
    with open_run("show", selection, options, arguments={"command": sent}) as run:
        result = run.nr.run(task=show_command, command=sent)
    return run.report(outcomes(result, _describe))
