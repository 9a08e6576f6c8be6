"""``netauto show``: an allowed show command on each router, its output per host.

netauto show ip interface brief -H R15,R16
netauto show "show running-config | include ntp" -g routers --json
"""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import runbook_options
from netauto.cli.runbook import finish, run_options, selection_of


def command_of(words: tuple[str, ...]) -> str:
    """The words as one command; ``show`` is implied (``netauto show ip route``)."""
    text = " ".join(words).strip()
    first = text.split()[0].lower() if text else ""
    return text if len(first) >= 2 and "show".startswith(first) else f"show {text}".strip()


@click.command()
@runbook_options
@click.argument("words", nargs=-1, required=True)
def show(words: tuple[str, ...], **options: Any) -> None:
    """Run an allowed show command on each router and print its output.

    Only the show commands listed in config.yaml (chat.allowed_commands; defaults: version,
    interfaces, routes, neighbors, logging, running-config...) are sent, abbreviations
    written out; one output filter (| include, exclude, begin, section, count) may follow.
    Anything else is refused before any router is contacted (exit 2).
    """
    from netauto.runbooks import show as run_show

    report = run_show(
        selection_of(options), command=command_of(words), options=run_options(options)
    )
    if not options.get("as_json"):
        for outcome in report.hosts:
            if outcome.failed:
                continue
            click.echo(f"--- {outcome.host}: {outcome.data.get('command')}")
            click.echo(str(outcome.data.get("output", "")).rstrip("\n"))
    finish(report, options, columns=("host", "status", "detail"))
