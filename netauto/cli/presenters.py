"""How the command line shows a runbook's report: what only a terminal needs, by runbook name.

A runbook's options are its declaration's (:mod:`netauto.cli.declared`); a presenter adds the
table's columns, what is printed before the table (``show``'s outputs, ``render``'s
candidates), what a change shows before ``Commit?`` (diffs, generated candidates), the
parameter typed as the command's words (``netauto show ip route``) and options of the command
line alone (``render --quiet``). A runbook without one gets the defaults: nothing to add.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from netauto.cli.runbook import COLUMNS, print_diffs
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.report import HostOutcome, RunReport

Show = Callable[["RunReport", Mapping[str, Any]], None]
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class Words(NamedTuple):
    """A parameter typed as the command's words, joined by ``join``."""

    param: str
    join: Callable[[tuple[str, ...]], str]


class Presenter(NamedTuple):  # not a dataclass: one is made for `netauto backup --help` too
    columns: tuple[str, ...] = COLUMNS
    before: Show | None = None  # printed before the table (not with --json)
    changes: Callable[[Sequence[HostOutcome]], None] = print_diffs  # before Commit?
    words: Words | None = None
    extra: tuple[Decorator, ...] = ()


def command_of(words: tuple[str, ...]) -> str:
    """The words as one command; ``show`` is implied (``netauto show ip route``)."""
    text = " ".join(words).strip()
    first = text.split()[0].lower() if text else ""
    return text if len(first) >= 2 and "show".startswith(first) else f"show {text}".strip()


def print_outputs(report: RunReport, options: Mapping[str, Any]) -> None:
    for outcome in report.hosts:
        if outcome.failed:
            continue
        click.echo(f"--- {outcome.host}: {outcome.data.get('command')}")
        click.echo(str(outcome.data.get("output", "")).rstrip("\n"))


def print_candidates(report: RunReport, options: Mapping[str, Any]) -> None:
    from netauto.runbooks.backup import shown

    if options.get("quiet"):
        return
    for outcome in report.hosts:
        if not outcome.failed:
            click.echo(f"! {outcome.host}: {shown(outcome.data['path'])}")
            click.echo(str(outcome.data["candidate"]).rstrip())


def headline(data: dict[str, Any]) -> str:
    """``openai gpt-4o (1 attempt, 1.8s), secrets redacted: 3``."""
    if not data.get("provider"):
        return ""
    attempts = int(data.get("attempts") or 0)
    return (
        f"{data['provider']} {data['model']} ({plural(attempts, 'attempt')}, "
        f"{float(data.get('latency_s') or 0):.1f}s), "
        f"secrets redacted: {data.get('secrets_redacted', 0)}"
    )


def print_generation(outcomes: Sequence[HostOutcome]) -> None:
    from netauto.runbooks.backup import shown

    width = max([len(outcome.host) for outcome in outcomes] + [3]) + 2
    for outcome in outcomes:
        head = headline(outcome.data)
        if outcome.failed:
            head = f"{head}: " if head else ""
            click.echo(f"{outcome.host:<{width}}{head}{outcome.detail}")
            continue
        click.echo(f"{outcome.host:<{width}}{head}")
        diff = outcome.diff or "(no change: the router already has this configuration)"
        for line in diff.splitlines():
            click.echo(" " * width + line)
    for outcome in outcomes:
        path = outcome.data.get("candidate_file")
        if path:
            click.echo(f"Candidate saved to {shown(str(path))}.")


def print_compliance(report: RunReport, options: Mapping[str, Any]) -> None:
    """Each feature not compliant: ``+`` the lines the router lacks, ``-`` those it should not
    have (IOS-indented under their section)."""
    for outcome in report.hosts:
        for item in outcome.data.get("features", []):
            if item["status"] != "non-compliant":
                continue
            click.echo(f"--- {outcome.host} {item['feature']}: not compliant")
            for sign, key in (("+", "missing"), ("-", "extra")):
                for line in item[key]:
                    click.echo(f"{sign}{line}")
            for section in item["order"]:
                click.echo(f"~{section} (order differs)")


_BRIEF = ("host", "status", "detail")
PRESENTERS = {
    "check": Presenter(columns=_BRIEF),
    "compliance": Presenter(columns=_BRIEF, before=print_compliance),
    "facts": Presenter(columns=_BRIEF),
    "health": Presenter(columns=("host", "state", "reasons")),
    "poll": Presenter(columns=("host", "state", "reasons")),
    "show": Presenter(columns=_BRIEF, before=print_outputs, words=Words("command", command_of)),
    "render": Presenter(
        before=print_candidates,
        extra=(click.option("--quiet", "-q", is_flag=True, help="Do not print the candidates."),),
    ),
    "generate": Presenter(changes=print_generation),
}


def presenter_of(name: str) -> Presenter:
    return PRESENTERS.get(name, Presenter())
