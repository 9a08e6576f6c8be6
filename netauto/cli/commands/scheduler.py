"""``netauto scheduler``: fire due schedules, in the foreground or detached; status, stop.

netauto scheduler [--detach] [--grace 300] [--log-format json]
netauto scheduler status [--json]
netauto scheduler stop
"""

from __future__ import annotations

import click

from netauto.cli.options import config_option, json_option, log_format_option
from netauto.cli.tables import local_time, print_json
from netauto.text import plural


@click.group(invoke_without_command=True)
@click.option("--detach", is_flag=True, help="Run in the background (log in .netauto/).")
@click.option(
    "--grace",
    type=click.FloatRange(min=0),
    default=300,
    show_default=True,
    metavar="SECONDS",
    help="On SIGTERM, how long running fires may take to end.",
)
@click.option(
    "--poll",
    type=click.FloatRange(min=0.1),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="How often the database is read for due schedules.",
)
@log_format_option
@config_option
@click.pass_context
def scheduler(
    ctx: click.Context, detach: bool, grace: float, poll: float, log_format: str, config_file: str
) -> None:
    """Fire due schedules through the runbook API until stopped (SIGTERM, Ctrl-C).

    Schedules are read from the database at every poll: adding, editing or disabling one
    needs no restart. On SQLite one scheduler runs per database; on PostgreSQL several
    share the work and each due slot fires once.
    """
    if ctx.invoked_subcommand is not None:
        return
    from netauto import scheduler as daemon
    from netauto.project import Project

    project = Project.open(config_file)
    if detach:
        pid = daemon.spawn(project, grace=grace, poll=poll, log_format=log_format)
        log = project.state_dir / daemon.LOG_FILE
        click.echo(f"Scheduler started (pid {pid}); log {log}. Stop: netauto scheduler stop.")
        return
    daemon.configure_logging(log_format)
    daemon.serve(project, grace=grace, poll=poll)


@scheduler.command("status")
@config_option
@json_option
@click.pass_context
def status_command(ctx: click.Context, config_file: str, as_json: bool) -> None:
    """Whether the project's scheduler runs, what it runs now, when schedules fire next."""
    from netauto import scheduler as daemon
    from netauto.project import Project

    project = Project.open(config_file)
    found = daemon.status(project)
    if as_json:
        print_json(found)
    elif found.pid is None:
        click.echo(f"No scheduler is running for this project ({project.folder}).")
    else:
        click.echo(f"Scheduler running: pid {found.pid}; log {found.log_file}.")
        click.echo(f"Running now: {', '.join(found.running) or 'nothing'}.")
        active = [s for s in project.schedules.list() if s.active]
        upcoming = sorted((s.next_run, s.name) for s in active if s.next_run is not None)
        if upcoming:
            when, name = upcoming[0]
            click.echo(
                f"{plural(len(active), 'active schedule')}; next: {name} at {local_time(when)}."
            )
    if found.pid is None:
        ctx.exit(1)


@scheduler.command("stop")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=330,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for it to end.",
)
@config_option
def stop_command(wait: float, config_file: str) -> None:
    """Stop the project's scheduler: running fires end first (within its --grace)."""
    from netauto import scheduler as daemon
    from netauto.project import Project

    pid = daemon.stop(Project.open(config_file), wait=wait)
    click.echo(f"Scheduler stopped (pid {pid}).")
