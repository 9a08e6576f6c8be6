"""``netauto locks``: the per-router change locks, for operators.

netauto locks list [--json]
netauto locks release HOST... [--force]

A lock whose process is gone is taken over by the next run anyway; ``release`` is for the
rest: a lock of another machine whose lease has not run out yet, or a live run an operator
knows is stuck (``--force``). Every release is recorded in the operations log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from netauto.cli.options import config_option, json_option, user_option
from netauto.cli.tables import local_time, print_json, print_table, short_id

if TYPE_CHECKING:
    from netauto.project import Project


def _project(config_file: str, user: str | None, change: bool) -> Project:
    from netauto.auth import Permission
    from netauto.project import Project

    project = Project.open(config_file, user=user)
    return project.require(Permission.CHANGE if change else Permission.READ)


@click.group()
def locks() -> None:
    """Per-router change locks: who holds them, whether the holder lives; release."""


@locks.command("list")
@config_option
@user_option
@json_option
def list_command(config_file: str, user: str | None, as_json: bool) -> None:
    """List the change locks: host, owner, run, process, since, state."""
    rows = _project(config_file, user, change=False).locks.list()
    if as_json:
        print_json([row.to_json() for row in rows])
        return
    if not rows:
        click.echo("No change locks held.")
        return
    print_table(
        ("host", "owner", "run", "process", "since", "state"),
        [
            (r.host, r.owner, short_id(r.run_id) if r.run_id else "-",
             f"{r.owner_pid or '?'} on {r.owner_host or '?'}", local_time(r.acquired_at),
             r.state)
            for r in rows
        ],
        style_column=None,
    )  # fmt: skip


@locks.command("release")
@click.argument("hosts", nargs=-1, required=True)
@click.option("--force", is_flag=True, help="Also release locks whose run is still alive.")
@config_option
@user_option
def release_command(
    hosts: tuple[str, ...], force: bool, config_file: str, user: str | None
) -> None:
    """Release the change locks of HOSTS (a live run's lock only with --force)."""
    project = _project(config_file, user, change=True)
    for done in project.locks.release(list(hosts), force=force):
        forced = ", forced" if done.forced else ""
        click.echo(f"{done.host}: released the lock of {done.owner} ({done.state}{forced})")
