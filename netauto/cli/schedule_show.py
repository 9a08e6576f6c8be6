"""How ``netauto schedule list`` and ``show`` print schedules and their runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import click

from netauto.cli.tables import duration, local_time, print_table, short_id, yes_no
from netauto.db.rows import RunRow
from netauto.schedule.store import Schedule
from netauto.text import plural


def hosts_of(schedule: Schedule) -> str:
    """``R15,R16``, ``group routers``, ``site=lab``, or ``all``."""
    chosen = schedule.selection
    parts = [",".join(chosen.hosts)] if chosen.hosts else []
    parts += [f"group {group}" for group in chosen.groups]
    parts += [f"{key}={value}" for key, value in chosen.filters.items()]
    return " ".join(parts) or "all"


def summary(schedule: Schedule) -> str:
    """The line ``add`` and ``edit`` print."""
    return (
        f"Schedule {schedule.name}: {schedule.runbook} on {hosts_of(schedule)}, "
        f"{schedule.timing.describe()}; next run {local_time(schedule.next_run)}."
    )


def print_schedules(rows: Sequence[Schedule]) -> None:
    print_table(
        ("name", "runbook", "hosts", "schedule", "next run", "last run", "status", "active"),
        (
            (
                row.name,
                row.runbook,
                hosts_of(row),
                row.timing.describe(),
                local_time(row.next_run) if row.active else "-",
                local_time(row.last_run),
                row.last_status or "-",
                yes_no(row.active),
            )
            for row in rows
        ),
    )
    running = sum(1 for row in rows if row.running)
    active = sum(1 for row in rows if row.active)
    click.echo(f"{plural(len(rows), 'schedule')}, {active} active, {running} running now.")


def _took(started: datetime, finished: datetime | None) -> str:
    if finished is None:
        return "-"
    seconds = (finished - started).total_seconds()
    return f"{seconds:.1f}s" if seconds < 60 else duration(seconds)


def print_schedule(found: Schedule, runs: Sequence[RunRow]) -> None:
    from netauto.schedule.runbooks import option_tokens

    command = " ".join([found.runbook, *option_tokens(found.runbook, found.options)])
    fields = (
        ("name", found.name),
        ("runbook", command),
        ("hosts", hosts_of(found)),
        ("schedule", found.timing.describe()),
        ("active", yes_no(found.active)),
        ("runs as", found.owner or "-"),
        ("next run", local_time(found.next_run) if found.active else "-"),
        ("last run", local_time(found.last_run)),
        ("last status", found.last_status or "-"),
        ("last error", found.last_error or "-"),
        ("running", f"yes ({found.locked_by})" if found.running else "no"),
        ("description", found.description or "-"),
    )
    for label, value in fields:
        click.echo(f"{label + ':':<13}{value}")
    if not runs:
        click.echo("No runs yet.")
        return
    click.echo("")
    print_table(
        ("started", "run", "status", "took", "ok", "failed", "changed", "user", "reason"),
        (
            (
                local_time(run.started_at),
                short_id(run.id),
                run.status,
                _took(run.started_at, run.finished_at),
                str(run.hosts_ok),
                str(run.hosts_failed),
                str(run.hosts_changed),
                run.username or "-",
                str((run.arguments or {}).get("reason") or ""),
            )
            for run in runs
        ),
        right=("ok", "failed", "changed"),
    )
