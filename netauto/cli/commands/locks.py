"""``netauto locks``: the per-router change locks, for operators.

netauto locks list [--json]
netauto locks release HOST... [--force]

A lock whose process is gone is taken over by the next run anyway; ``release`` is for the
rest: a lock of another machine whose lease has not run out yet, or a live run an operator
knows is stuck (``--force``). Every release is recorded in the operations log.
"""

from __future__ import annotations

import click

from netauto.cli.options import config_option, json_option, user_option
from netauto.cli.tables import local_time, print_json, print_table, short_id


def _database_url(config_file: str, user: str | None, change: bool) -> tuple[str, str]:
    from netauto.auth import Permission, require
    from netauto.db.migrate import ensure_schema

    settings, actor = require(config_file, user, Permission.CHANGE if change else Permission.READ)
    ensure_schema(settings.database_url)
    return settings.database_url, actor


@click.group()
def locks() -> None:
    """Per-router change locks: who holds them, whether the holder lives; release."""


@locks.command("list")
@config_option
@user_option
@json_option
def list_command(config_file: str, user: str | None, as_json: bool) -> None:
    """List the change locks: host, owner, run, process, since, state."""
    from netauto.db.lock_admin import list_locks

    url, _ = _database_url(config_file, user, change=False)
    rows = list_locks(url)
    if as_json:
        print_json(
            [
                {
                    "host": r.host,
                    "owner": r.owner,
                    "run_id": r.run_id,
                    "owner_pid": r.owner_pid,
                    "owner_host": r.owner_host,
                    "acquired_at": r.acquired_at,
                    "renewed_at": r.renewed_at,
                    "expires_at": r.expires_at,
                    "state": r.state,
                    "stale": r.stale,
                }
                for r in rows
            ]
        )
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
    from netauto.db.lock_admin import release_locks

    url, actor = _database_url(config_file, user, change=True)
    for done in release_locks(url, list(hosts), actor=actor, force=force):
        forced = ", forced" if done.forced else ""
        click.echo(f"{done.host}: released the lock of {done.owner} ({done.state}{forced})")
