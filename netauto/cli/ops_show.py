"""How ``netauto ops show`` prints a run with its operations, or one operation."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import click

from netauto.cli.tables import local_time, print_table, short_id, yes_no
from netauto.db.queries import OperationRow, RunDetail
from netauto.text import plural


def _fields(pairs: Sequence[tuple[str, str | None]]) -> None:
    width = max(len(name) for name, _ in pairs)
    for name, value in pairs:
        if value is not None:
            click.echo(f"{name:<{width}}  {value}")


def _timestamp(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")


def _took(start: datetime, end: datetime | None) -> str | None:
    if end is None:
        return None
    return f"{_timestamp(end)} ({(end - start).total_seconds():.1f}s)"


def print_run(detail: RunDetail) -> None:
    run = detail.run
    _fields(
        [
            ("run", str(run.id)),
            ("runbook", run.runbook),
            ("user", run.username or "-"),
            ("started", _timestamp(run.started_at)),
            ("finished", _took(run.started_at, run.finished_at) or "-"),
            (
                "status",
                f"{run.status}: {plural(run.hosts_total, 'host')}, {run.hosts_ok} ok, "
                f"{run.hosts_failed} failed, {run.hosts_changed} changed",
            ),
            ("arguments", json.dumps(run.arguments, sort_keys=True) if run.arguments else None),
        ]
    )
    if not detail.operations:
        click.echo("No operations recorded for this run.")
        return
    click.echo("")
    print_table(
        ("time", "operation", "host", "type", "status", "ms", "changed", "error"),
        (
            (
                local_time(op.created_at),
                short_id(op.id),
                op.host or "-",
                op.operation_type,
                op.status,
                "-" if op.execution_time_ms is None else str(op.execution_time_ms),
                yes_no(op.changed),
                (op.error_message or "")[:100],
            )
            for op in detail.operations
        ),
        right=("ms",),
    )


def print_operation(op: OperationRow) -> None:
    _fields(
        [
            ("operation", str(op.id)),
            ("run", f"{op.run_id} ({op.runbook})" if op.run_id else "-"),
            ("host", op.host or "-"),
            ("type", op.operation_type),
            ("status", op.status),
            ("user", op.username or "-"),
            ("started", _timestamp(op.created_at)),
            ("finished", _took(op.created_at, op.finished_at)),
            ("time ms", None if op.execution_time_ms is None else str(op.execution_time_ms)),
            ("changed", yes_no(op.changed)),
            ("error", op.error_message),
            ("command", op.command),
        ]
    )
    if op.result is not None:
        click.echo("result:")
        click.echo(json.dumps(op.result, indent=2, sort_keys=True, default=str))
    if op.diff:
        click.echo("diff:")
        click.echo(op.diff.rstrip("\n"))
