"""What every runbook command shares: options in, the runbook API called, its report printed.

A runbook command stays thin: it parses options, calls the library function and prints.
The commands of declared runbooks are made from their declarations
(:mod:`netauto.cli.declared`); a hand-written one (an older plugin's) looks like::

    @click.command()
    @runbook_options
    def backup(**options):
        from netauto.runbooks import backup as run_backup

        report = run_backup(selection_of(options), options=run_options(options))
        finish(report, options)

Exit codes: 0 every host ok, 1 a host failed (or a change was not confirmed), 2 bad usage,
128 + the signal (130 SIGINT, 143 SIGTERM) when a signal stopped a change.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from netauto.engine.param import option_of
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.engine.change import Confirm
    from netauto.engine.options import RunOptions, Selection
    from netauto.plan import ChangePlan
    from netauto.report import HostOutcome, RunReport

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
COLUMNS = ("host", "status", "changed", "detail")


def selection_of(options: Mapping[str, Any]) -> Selection:
    """The host selection of the shared options (``-H``, ``-g``, ``--filter``)."""
    from netauto.engine.options import Selection

    return Selection(
        hosts=tuple(options.get("hosts") or ()),
        groups=tuple(options.get("groups") or ()),
        filters=dict(options.get("filters") or {}),
    )


def run_options(options: Mapping[str, Any]) -> RunOptions:
    """Config, operator, workers, executor of the shared options; a bar on a terminal."""
    from netauto.cli.progress import ProgressBar, wanted
    from netauto.engine.options import RunOptions

    return RunOptions(
        config=options.get("config_file"),
        user=options.get("user"),
        workers=options.get("workers"),
        on_event=ProgressBar() if wanted(bool(options.get("as_json"))) else None,
        executor=options.get("executor"),
    )


class ChangePrompt:
    """The ``Commit? [y/N]`` of a change command, after showing the plan once.

    ``show`` prints outcomes (diffs, generated candidates). The prompt shows the plan before
    asking; ``show_once`` shows the final outcomes when no prompt did (dry run, ``--yes``).
    """

    def __init__(
        self, options: Mapping[str, Any], show: Callable[[Sequence[HostOutcome]], None]
    ) -> None:
        self.as_json = bool(options.get("as_json"))
        self.print = show
        self.shown = False

    def __call__(self, plan: ChangePlan) -> bool:
        self.show_once(plan.outcomes)
        names = " ".join(plan.hosts)
        click.echo(f"{plural(len(plan.hosts), 'router')} will change: {names}.", err=self.as_json)
        return click.confirm("Commit?", default=False, err=self.as_json)

    def show_once(self, outcomes: Sequence[HostOutcome]) -> None:
        if not self.as_json and not self.shown:
            self.print(outcomes)
        self.shown = True

    def confirm(self, yes: bool) -> Confirm | None:
        """The callback to hand to a change runbook: none with ``--yes``."""
        return None if yes else self


def change_command(
    runbook: Callable[..., RunReport],
    options: Mapping[str, Any],
    show: Callable[[Sequence[HostOutcome]], None],
    *,
    yes: bool,
    **arguments: Any,
) -> RunReport:
    """A change runbook's run (deploy, rollback, generate): the plan shown once and
    ``Commit?`` (unless ``yes``), SIGINT/SIGTERM handled as a clean stop. ``arguments`` are
    the runbook's own. The report is returned for :func:`finish`."""
    from netauto.interrupt import stop_on_signals

    prompt = ChangePrompt(options, show)
    with stop_on_signals():
        report = runbook(
            selection_of(options),
            confirm=prompt.confirm(yes),
            options=run_options(options),
            **arguments,
        )
    prompt.show_once(report.hosts)
    return report


def print_diffs(outcomes: Sequence[HostOutcome]) -> None:
    """Each changing host's diff (secrets already masked), indented under its name."""
    for outcome in outcomes:
        if outcome.failed or not outcome.diff:
            continue
        width = max(len(outcome.host), 4) + 2
        lines = outcome.diff.splitlines() or [""]
        click.echo(f"{outcome.host:<{width}}{lines[0]}")
        for line in lines[1:]:
            click.echo(" " * width + line)


def finish(
    report: RunReport, options: Mapping[str, Any], columns: Sequence[str] = COLUMNS
) -> NoReturn:
    """Print the report (table and closing line, or JSON) and exit with its code."""
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for error in report.errors:
        click.echo(f"Error: {error}", err=True)
    as_json = bool(options.get("as_json"))
    if report.declined:
        click.echo("Nothing was committed.", err=as_json)
        raise SystemExit(EXIT_FAILED)
    if as_json:
        click.echo(json.dumps([_json_row(o) for o in report.hosts], indent=2, default=str))
    else:
        _print_table(report.hosts, columns)
        click.echo(_closing_line(report, dry_change="commit" in options and not options["commit"]))
    if report.interrupted is not None:
        import signal

        click.echo(f"Interrupted by {report.interrupted}.", err=True)
        raise SystemExit(128 + signal.Signals[report.interrupted].value)
    raise SystemExit(EXIT_FAILED if report.failed else EXIT_OK)


def _closing_line(report: RunReport, *, dry_change: bool = False) -> str:
    """The summary, the run id and the note; a change run dry says how to commit (the web and
    the assistant offer their own way)."""
    counts = report.counts
    changed = [outcome.host for outcome in report.hosts if outcome.changed]
    ok_part = f"{counts['ok']} ok"
    if changed:
        ok_part += f" ({len(changed)} changed: {', '.join(changed[:8])}"
        ok_part += ", ...)" if len(changed) > 8 else ")"
    line = (
        report.summary if report.summary is not None else f"{ok_part}, {counts['failed']} failed."
    )
    if report.run_id:
        line += f" Run {report.run_id[:8]} (netauto ops show {report.run_id[:8]})"
    line += f" {report.note}" if report.note else ""
    if dry_change:  # "... nothing was committed (add --commit)."
        line = f"{line.removesuffix('.')} (add {option_of('commit')})."
    return line


def _json_row(outcome: HostOutcome) -> dict[str, Any]:
    row: dict[str, Any] = {
        "host": outcome.host,
        "status": outcome.status,
        "changed": outcome.changed,
        "detail": outcome.detail,
    }
    if outcome.diff:
        row["diff"] = outcome.diff
    return {**row, **outcome.data}


_STYLES = {
    "ok": "green",
    "online": "green",
    "compliant": "green",
    "failed": "red",
    "offline": "red",
    "non-compliant": "red",
    "warning": "yellow",
}
# Column title -> which HostOutcome field it shows.
_FIELDS = {"state": "status", "reasons": "detail"}


def _cell(outcome: HostOutcome, field_name: str) -> str:
    if field_name == "changed":
        return "yes" if outcome.changed else "no"
    if field_name == "status":
        style = _STYLES.get(outcome.status, "")
        return f"[{style}]{outcome.status}[/]" if style else outcome.status
    return str(getattr(outcome, field_name))


def _print_table(outcomes: Sequence[HostOutcome], columns: Sequence[str]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for outcome in outcomes:
        cells = []
        for column in columns:
            name = _FIELDS.get(column, column)
            value = _cell(outcome, name)
            cells.append(value if name == "status" else escape(value))
        table.add_row(*cells)
    Console(soft_wrap=True).print(table)
