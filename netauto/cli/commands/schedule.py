"""``netauto schedule``: runbooks on cron expressions or intervals, fired by ``netauto scheduler``.

netauto schedule add NAME --runbook backup [-H R15 | -g routers | --filter k=v]
                     (--cron "0 */4 * * *" [--timezone Europe/Paris] | --every 15m)
                     [--description TEXT] [runbook options: --startup, --template T --commit...]
netauto schedule list [--json]            netauto schedule show NAME [--json]
netauto schedule enable|disable|remove NAME
netauto schedule edit NAME [any option of add]
netauto schedule run NAME [--json]        (now, once, as the caller)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from netauto.cli.options import (
    config_option,
    filter_option,
    group_option,
    hosts_option,
    json_option,
    user_option,
)
from netauto.cli.tables import local_time, print_json

if TYPE_CHECKING:
    from netauto.project.schedules import Schedules

# Options click does not know are the runbook's own: passed on, checked against the runbook.
_PASS_ON = {"ignore_unknown_options": True}


class _RunbookOptions(click.Command):
    """``--help`` ends with each runbook's own options, read off the declarations."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from netauto.engine.registry import declared

        runbooks = declared()
        width = max(map(len, runbooks), default=0) + 2
        with formatter.section("Runbook options (as on each runbook's own command)"):
            for name, runbook in runbooks.items():  # one line each: options never split
                options = " ".join(param.option for param in runbook.params) or "(none)"
                formatter.write(f"{'':>{formatter.current_indent}}{name:<{width}}{options}\n")


def schedule_options(func: Any) -> Any:
    """What ``add`` and ``edit`` share: hosts, timing, description, config, user, the rest."""
    for decorator in reversed(
        (
            hosts_option,
            group_option,
            filter_option,
            click.option("--cron", metavar="EXPR", help='Cron expression, e.g. "0 */4 * * *".'),
            click.option("--every", metavar="DURATION", help="Interval: 30s, 15m, 2h, 1d."),
            click.option("--timezone", metavar="ZONE", help="Timezone of --cron (default UTC)."),
            click.option("--description", "-d", help="What the schedule is for."),
            config_option,
            user_option,
            click.argument(
                "runbook_args", nargs=-1, type=click.UNPROCESSED, metavar="[RUNBOOK OPTIONS]"
            ),
        )
    ):
        func = decorator(func)
    return func


def _selection(options: dict[str, Any]) -> Any:
    from netauto.engine.options import Selection

    hosts, groups, filters = options["hosts"], options["groups"], options["filters"]
    if not (hosts or groups or filters):
        return None
    return Selection(hosts=tuple(hosts), groups=tuple(groups), filters=dict(filters))


@click.group()
def schedule() -> None:
    """Runbooks on cron expressions or intervals, fired by `netauto scheduler`."""


@schedule.command("add", cls=_RunbookOptions, context_settings=_PASS_ON)
@click.argument("name")
@click.option("--runbook", "-r", "runbook_name", required=True, help="backup, check, deploy...")
@schedule_options
def add_command(name: str, runbook_name: str, **options: Any) -> None:
    """Add schedule NAME: a runbook, its hosts and options, and when it fires.

    The runbook's own options follow, as on its own command (listed below): backup
    --startup; facts --getters facts,environment; deploy --template ios/ntp.j2 --commit.
    Everything is checked now; a schedule that commits needs the operator role.
    """
    from netauto.cli.schedule_show import summary
    from netauto.engine.options import Selection
    from netauto.schedule.timing import Timing

    found = _schedules(options["config_file"], options["user"]).add(
        name,
        runbook_name=runbook_name,
        selection=_selection(options) or Selection(),
        tokens=options["runbook_args"],
        timing=Timing.parse(options["cron"], options["every"], options["timezone"]),
        description=options["description"],
    )
    click.echo(summary(found))


@schedule.command("edit", cls=_RunbookOptions, context_settings=_PASS_ON)
@click.argument("name")
@click.option("--runbook", "-r", "runbook_name", help="Another runbook (its options reset).")
@schedule_options
def edit_command(name: str, runbook_name: str | None, **options: Any) -> None:
    """Change schedule NAME: what is given replaces what it had (runbook options merge).

    A new selection (-H/-g/--filter) replaces the old one; a new --cron or --every restarts
    the timing from now. The scheduler picks the change up at its next poll.
    """
    from netauto.cli.schedule_show import summary
    from netauto.schedule.timing import Timing

    cron, every, timezone = options["cron"], options["every"], options["timezone"]
    given = cron is not None or every is not None or timezone is not None
    timing = Timing.parse(cron, every, timezone) if given else None
    found = _schedules(options["config_file"], options["user"]).edit(
        name,
        runbook_name=runbook_name,
        selection=_selection(options),
        tokens=options["runbook_args"],
        timing=timing,
        description=options["description"],
    )
    click.echo(summary(found))


def _schedules(config_file: str, user: str | None = None) -> Schedules:
    """The project's schedules, as ``user`` (default ``NETAUTO_USER``, else the login)."""
    from netauto.project import Project

    return Project.open(config_file, user=user).schedules


@schedule.command("list")
@config_option
@json_option
def list_command(config_file: str, as_json: bool) -> None:
    """Schedules: runbook, hosts, timing, next and last run, last status, active."""
    from netauto.cli.schedule_show import print_schedules

    rows = _schedules(config_file).list()
    if as_json:
        print_json(rows)
    elif not rows:
        click.echo("No schedules (netauto schedule add NAME --runbook backup --every 1h).")
    else:
        print_schedules(rows)


@schedule.command("show")
@click.argument("name")
@click.option("--runs", "-n", "limit", type=click.IntRange(min=1), default=10, show_default=True)
@config_option
@json_option
def show_command(name: str, limit: int, config_file: str, as_json: bool) -> None:
    """One schedule and its last runs."""
    from netauto.cli.schedule_show import print_schedule

    schedules = _schedules(config_file)
    found = schedules.get(name)
    runs = schedules.runs(name, limit=limit)
    if as_json:
        print_json({**found.to_json(), "runs": runs})
    else:
        print_schedule(found, runs)


@schedule.command("enable")
@click.argument("name")
@config_option
@user_option
def enable_command(name: str, config_file: str, user: str | None) -> None:
    """Fire schedule NAME again, from its next slot (missed slots are not run)."""
    found = _schedules(config_file, user).set_active(name, True)
    click.echo(f"Schedule {found.name} enabled; next run {local_time(found.next_run)}.")


@schedule.command("disable")
@click.argument("name")
@config_option
@user_option
def disable_command(name: str, config_file: str, user: str | None) -> None:
    """Stop firing schedule NAME (a fire under way ends normally)."""
    found = _schedules(config_file, user).set_active(name, False)
    click.echo(f"Schedule {found.name} disabled.")


@schedule.command("remove")
@click.argument("name")
@config_option
@user_option
def remove_command(name: str, config_file: str, user: str | None) -> None:
    """Delete schedule NAME; its runs stay in the operations log."""
    found = _schedules(config_file, user).remove(name)
    click.echo(f"Schedule {found.name} removed.")


@schedule.command("run")
@click.argument("name")
@config_option
@json_option
@user_option
def run_command(name: str, config_file: str, as_json: bool, user: str | None) -> None:
    """Fire schedule NAME now, once, as you (needs the operator role); prints its report."""
    from netauto.cli.runbook import finish

    fired = _schedules(config_file, user).run_now(name)
    if fired.error is not None:
        raise fired.error
    assert fired.report is not None
    finish(fired.report, {"as_json": as_json})
