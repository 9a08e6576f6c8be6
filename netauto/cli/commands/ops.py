"""``netauto ops``: read the operations log and replay what was spooled.

netauto ops list [-H R15,R16] [-t config_backup] [--status failed] [--run 3f2c]
                 [--since 1h] [--until 2026-11-25T10:00] [-n 50] [--json]
netauto ops show RUN_OR_OP_ID [--json]
netauto ops stats [--days 7] [--top 5] [--json]
netauto ops replay
netauto ops close-stale [--older-than 2h]
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import click

from netauto.cli.options import config_option, json_option, user_option
from netauto.cli.tables import local_time, print_json, print_table, short_id, yes_no
from netauto.exceptions import UsageError
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.project import Project

# netauto.db.models.OPERATION_STATUSES, spelled out: importing the models pulls in SQLAlchemy,
# and `netauto --help` imports this module (a test keeps the two equal).
OPERATION_STATUSES = ("success", "failed", "pending", "running")


def _reader(config_file: str, user: str | None) -> Project:
    """The project, once the operator may read its log (``auth.enforce``)."""
    from netauto.auth import Permission
    from netauto.project import Project

    return Project.open(config_file, user=user).require(Permission.READ)


def _split(values: tuple[str, ...]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _ms(value: int | None) -> str:
    return "-" if value is None else str(value)


@click.group()
def ops() -> None:
    """Read the operations log: every host's result of every runbook task."""


@ops.command("list")
@click.option("--host", "-H", "hosts", multiple=True, help="Only these hosts (comma separated).")
@click.option("--type", "-t", "types", multiple=True, help="Only these operation types.")
@click.option(
    "--status", "statuses", multiple=True, type=click.Choice(OPERATION_STATUSES), help="Status."
)
@click.option("--run", "run", metavar="ID", help="Only this run (full id or unique prefix).")
@click.option("--since", metavar="AGE|TIME", help="Newer than 30m, 1h, 2d or an ISO time.")
@click.option("--until", metavar="AGE|TIME", help="Older than 30m, 1h, 2d or an ISO time.")
@click.option(
    "--limit", "-n", type=click.IntRange(min=0), default=50, show_default=True, help="0: all."
)
@config_option
@user_option
@json_option
def list_command(
    hosts: tuple[str, ...],
    types: tuple[str, ...],
    statuses: tuple[str, ...],
    run: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    config_file: str,
    user: str | None,
    as_json: bool,
) -> None:
    """List operations, newest first."""
    from netauto.db.queries import parse_when

    start = parse_when(since, option="since") if since else None
    end = parse_when(until, option="until") if until else None
    if start and end and start >= end:
        raise UsageError(f"--since {since} is not before --until {until}")
    rows = _reader(config_file, user).operations.query(
        hosts=_split(hosts),
        types=_split(types),
        statuses=statuses,
        run=run,
        since=start,
        until=end,
        limit=limit or None,
    )
    if as_json:
        print_json([row.to_json() for row in rows])
        return
    if not rows:
        click.echo("No operations match.")
        return
    print_table(
        ("time", "run", "runbook", "host", "type", "status", "ms", "changed", "user", "error"),
        (
            (
                local_time(row.created_at),
                short_id(row.run_id),
                row.runbook or "-",
                row.host or "-",
                row.operation_type,
                row.status,
                _ms(row.execution_time_ms),
                yes_no(row.changed),
                row.username or "-",
                (row.error_message or "")[:80],
            )
            for row in rows
        ),
        right=("ms",),
    )
    failed = sum(1 for row in rows if row.status == "failed")
    more = f" (limit {limit}; -n 0 for all)" if limit and len(rows) == limit else ""
    click.echo(f"{plural(len(rows), 'operation')}, {failed} failed{more}.")


@ops.command("show")
@click.argument("ref", metavar="RUN_OR_OP_ID")
@config_option
@user_option
@json_option
def show_command(ref: str, config_file: str, user: str | None, as_json: bool) -> None:
    """Show one run with its operations, or one operation (full id or unique prefix)."""
    from netauto.cli.ops_show import print_operation, print_run
    from netauto.db.rows import RunDetail

    found = _reader(config_file, user).operations.show(ref)
    if isinstance(found, RunDetail):
        if as_json:
            operations = [op.to_json(detail=True) for op in found.operations]
            print_json({"kind": "run", "run": found.run.to_json(), "operations": operations})
        else:
            print_run(found)
    elif as_json:
        print_json({"kind": "operation", **found.to_json(detail=True)})
    else:
        print_operation(found)


@ops.command("stats")
@click.option("--days", type=click.IntRange(min=1, max=36500), default=7, show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, help="Hosts.")
@config_option
@user_option
@json_option
def stats_command(days: int, top: int, config_file: str, user: str | None, as_json: bool) -> None:
    """Counts per day and operation type, success rate, slowest hosts."""
    result = _reader(config_file, user).operations.stats(days=days, top=top)
    rate = result.success_rate
    if as_json:
        print_json({**dataclasses.asdict(result), "success_rate": rate})
        return
    if not result.total:
        click.echo(f"No operations in the last {plural(days, 'day')}.")
        return
    print_table(
        ("day", "type", "total", "success", "failed", "rate"),
        (
            (
                count.day,
                count.operation_type,
                str(count.total),
                str(count.success),
                str(count.failed),
                _percent(count.success, count.failed),
            )
            for count in result.per_day
        ),
        style_column=None,
        right=("total", "success", "failed", "rate"),
    )
    click.echo("")
    print_table(
        ("host", "operations", "avg ms", "max ms"),
        (
            (host.host, str(host.operations), f"{host.avg_ms:.0f}", str(host.max_ms))
            for host in result.slowest
        ),
        style_column=None,
        right=("operations", "avg ms", "max ms"),
    )
    shown = "-" if rate is None else f"{rate:.1%}"
    click.echo(
        f"{plural(result.total, 'operation')} since {result.since:%Y-%m-%d} (UTC): "
        f"{result.success} success, {result.failed} failed, success rate {shown}."
    )


def _percent(success: int, failed: int) -> str:
    return f"{success / (success + failed):.0%}" if success + failed else "-"


@ops.command("replay")
@config_option
def replay_command(config_file: str) -> None:
    """Store the records spooled while the database was unreachable."""
    from netauto.project import Project

    project = Project.open(config_file)
    done = project.spool.replay()
    if not done.found:
        click.echo(f"Nothing to replay: {done.spool} is empty.")
        return
    click.echo(
        f"Replayed {plural(done.replayed, 'record')} into {project.redacted_url}; "
        f"{done.pending} pending."
    )
    done.check()


@ops.command("close-stale")
@click.option(
    "--older-than",
    metavar="AGE|TIME",
    help="Also close runs of other machines (or no recorded owner) started before this.",
)
@config_option
@user_option
def close_stale_command(older_than: str | None, config_file: str, user: str | None) -> None:
    """Close as failed the runs left running by a process that is gone, with their rows."""
    from netauto.auth import Permission
    from netauto.db.queries import parse_when
    from netauto.project import Project

    before = parse_when(older_than, option="older_than") if older_than else None
    project = Project.open(config_file, user=user).require(Permission.CHANGE)
    closed = project.operations.close_stale(started_before=before)
    for run in closed:
        click.echo(f"{short_id(run.id)}  {run.runbook}  {plural(run.rows, 'row')}  {run.reason}")
    click.echo(f"{plural(len(closed), 'stale run')} closed.")
