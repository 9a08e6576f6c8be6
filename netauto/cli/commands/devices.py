"""``netauto devices``: the routers the operations log knows, kept in step with the inventory.

netauto devices list [--status offline] [--json]
"""

from __future__ import annotations

from datetime import datetime

import click

from netauto.cli.options import config_option, json_option, user_option
from netauto.cli.tables import duration, local_time, print_json, print_table
from netauto.text import plural

# netauto.db.models.DEVICE_STATUSES, spelled out: importing the models pulls in SQLAlchemy,
# and `netauto --help` imports this module (a test keeps the two equal).
DEVICE_STATUSES = ("online", "offline", "warning", "unknown")


@click.group()
def devices() -> None:
    """Routers in the operations log: address, platform, status, model, uptime."""


def _last_seen(value: datetime | None) -> str:
    return "never" if value is None else local_time(value)


@devices.command("list")
@click.option(
    "--status", "statuses", multiple=True, type=click.Choice(DEVICE_STATUSES), help="Status."
)
@config_option
@user_option
@json_option
def list_command(
    statuses: tuple[str, ...], config_file: str, user: str | None, as_json: bool
) -> None:
    """List devices by name."""
    from netauto.auth import Permission
    from netauto.project import Project

    project = Project.open(config_file, user=user).require(Permission.READ)
    rows = project.devices.list(statuses=statuses)
    if as_json:
        print_json([row.to_json() for row in rows])
        return
    if not rows:
        click.echo("No devices recorded yet: runbooks add them from the inventory when they run.")
        return
    print_table(
        ("name", "address", "platform", "status", "model", "uptime", "last_seen"),
        (
            (
                row.name,
                row.ip_address,
                row.platform or "-",
                row.status,
                row.model,
                duration(row.uptime_seconds) if row.uptime_seconds else "-",
                _last_seen(row.last_seen),
            )
            for row in rows
        ),
        right=("uptime",),
    )
    counts = {status: sum(1 for row in rows if row.status == status) for status in DEVICE_STATUSES}
    summary = ", ".join(f"{count} {status}" for status, count in counts.items() if count)
    click.echo(f"{plural(len(rows), 'device')}: {summary}.")


def _register() -> None:
    from netauto.cli.registry_commands import register

    register(devices)


_register()
