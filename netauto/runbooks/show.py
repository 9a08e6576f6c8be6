"""Runbook ``show``: one allowed show command on each router, its output per host."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netauto.engine.declaration import Param, Runbook
from netauto.text import plural

if TYPE_CHECKING:
    from nornir.core.task import MultiResult

    from netauto.engine.options import RunOptions, Selection
    from netauto.report import HostOutcome, RunReport

RUNBOOK = Runbook(
    "show",
    "netauto.runbooks.show:show",
    "Run an allowed show command on each router and return its output.",
    help="Only the show commands listed in config.yaml (chat.allowed_commands; defaults: "
    "version, interfaces, routes, neighbors, logging, running-config...) are sent, "
    "abbreviations written out; one output filter (| include, exclude, begin, section, count) "
    "may follow. Anything else is refused before any router is contacted.",
    params=(
        Param(
            "command",
            "text",
            "The show command: show ip interface brief, sh run | include ntp...",
            required=True,
            metavar="COMMAND",
        ),
    ),
    tool_name="show_command",
)


def _describe(host: str, multi: MultiResult) -> HostOutcome:
    from netauto.report import HostOutcome

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
    from netauto.engine.options import settings_of
    from netauto.engine.outcomes import outcomes
    from netauto.engine.session import open_run
    from netauto.show_policy import load_policy
    from netauto.tasks.show_command import show_command

    sent = load_policy(settings_of(options)).check(command)
    with open_run("show", selection, options, arguments={"command": sent}) as run:
        result = run.nr.run(task=show_command, command=sent)
    return run.report(outcomes(result, _describe))
