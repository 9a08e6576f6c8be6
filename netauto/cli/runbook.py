"""What every runbook command shares: open a run, select hosts, report, exit code.

A runbook command stays thin::

    @click.command()
    @runbook_options
    def backup(**options):
        with open_runbook("backup", **options) as session:
            result = session.nr.run(task=backup_config)
            rows = [HostRow(host, "ok" if not r.failed else "failed", ...) for ...]
        raise SystemExit(session.report(rows))
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    # Types only: `netauto --help` lists every runbook and must not import Nornir.
    from nornir.core import Nornir
    from nornir.core.task import AggregatedResult, MultiResult

    from netauto.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@dataclass
class HostRow:
    """One line of a runbook's per-host summary (and one object of its --json output)."""

    host: str
    status: str  # "ok" or "failed", or a runbook's own state such as "warning"
    changed: bool = False
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "offline")


@dataclass
class RunbookSession:
    name: str
    nr: Nornir
    settings: Settings
    as_json: bool
    run_id: str | None = None

    def report(
        self,
        rows: Sequence[HostRow],
        extra: str = "",
        *,
        summary: str | None = None,
        columns: Sequence[str] = ("host", "status", "changed", "detail"),
    ) -> int:
        """Print the per-host summary (or JSON); return the exit code.

        ``summary`` replaces the default "N ok, M failed." line; ``columns`` picks and names
        the table's columns (``status`` may be shown as ``state``, ``detail`` as ``reasons``).
        """
        failed = sum(1 for row in rows if row.failed)
        if self.as_json:
            click.echo(json.dumps([_json_row(row) for row in rows], indent=2, default=str))
        else:
            _print_table(rows, columns)
            changed = [row.host for row in rows if row.changed]
            ok_part = f"{len(rows) - failed} ok"
            if changed:
                ok_part += f" ({len(changed)} changed: {', '.join(changed[:8])}"
                ok_part += ", ...)" if len(changed) > 8 else ")"
            line = summary if summary is not None else f"{ok_part}, {failed} failed."
            if self.run_id:
                line += f" Run {self.run_id[:8]} (netauto ops show {self.run_id[:8]})"
            click.echo(line + (f" {extra}" if extra else ""))
        return EXIT_FAILED if failed else EXIT_OK


def _json_row(row: HostRow) -> dict[str, Any]:
    data = asdict(row)
    payload = data.pop("data")
    return {**data, **payload}


_STYLES = {"ok": "green", "online": "green", "failed": "red", "offline": "red", "warning": "yellow"}
# Column title -> which HostRow field it shows.
_FIELDS = {"state": "status", "reasons": "detail"}


def _cell(row: HostRow, field_name: str) -> str:
    if field_name == "changed":
        return "yes" if row.changed else "no"
    if field_name == "status":
        style = _STYLES.get(row.status, "")
        return f"[{style}]{row.status}[/]" if style else row.status
    return str(getattr(row, field_name))


def _print_table(
    rows: Sequence[HostRow], columns: Sequence[str] = ("host", "status", "changed", "detail")
) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        cells = []
        for column in columns:
            name = _FIELDS.get(column, column)
            cells.append(_cell(row, name) if name == "status" else escape(_cell(row, name)))
        table.add_row(*cells)
    Console(soft_wrap=True).print(table)


def error_of(multi: MultiResult) -> str:
    """One line saying why a host failed (secrets masked)."""
    from netauto.oplog.summary import first_error

    return first_error(multi) or "failed"


def exit_code(*results: AggregatedResult) -> int:
    return EXIT_FAILED if any(result.failed for result in results) else EXIT_OK


@contextmanager
def open_runbook(
    name: str,
    *,
    config_file: str | None = None,
    hosts: Sequence[str] = (),
    groups: Sequence[str] = (),
    filters: dict[str, str] | None = None,
    workers: int | None = None,
    user: str | None = None,
    as_json: bool = False,
    dry_run: bool = True,
    arguments: dict[str, Any] | None = None,
) -> Iterator[RunbookSession]:
    """Init Nornir, select hosts, group everything run inside into one ``runs`` row.

    Connections are closed and the operations log flushed on the way out, also after errors.
    """
    from netauto.cli.progress import ProgressProcessor, wanted
    from netauto.connect import close_all
    from netauto.runner import init_nornir, oplog_processor, settings_of
    from netauto.selection import select_hosts

    nr = init_nornir(config_file, dry_run=dry_run, user=user, num_workers=workers)
    selected = select_hosts(nr, hosts, groups, filters)
    if wanted(as_json):
        # Keep the operations-log processor: add the bar after it.
        selected = selected.with_processors([*selected.processors, ProgressProcessor(name)])
    processor = oplog_processor(nr)
    args = {
        "hosts": list(hosts),
        "groups": list(groups),
        "filters": dict(filters or {}),
        "dry_run": dry_run,
        **(arguments or {}),
    }
    session = RunbookSession(name=name, nr=selected, settings=settings_of(nr), as_json=as_json)
    try:
        if processor is None:
            yield session
        else:
            with processor.run(name, args) as state:
                session.run_id = str(state.id)
                yield session
    finally:
        # Not nr.close_connections(): that is a Nornir run, which processors would see.
        # close_all closes in parallel, never raises, and cuts sessions that do not answer.
        close_all(selected.inventory.hosts.values(), settings_of(nr).num_workers)
        if processor is not None:
            processor.writer.close()
            if processor.writer.last_error and processor.writer.spool.pending():
                click.echo(
                    f"Warning: operations log unreachable ({processor.writer.last_error}); "
                    f"results spooled to {processor.writer.spool.path}, "
                    "replayed on the next run or by `netauto ops replay`.",
                    err=True,
                )
