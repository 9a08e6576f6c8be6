"""``netauto devices``: the routers the operations log knows, kept in step with the inventory.

netauto devices list [--status offline] [--json]
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

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
    from netauto.auth import Permission, require
    from netauto.db.devices import list_devices
    from netauto.db.migrate import ensure_schema

    url = require(config_file, user, Permission.READ)[0].database_url
    ensure_schema(url)
    rows = [row for row in list_devices(url) if not statuses or row.status in statuses]
    if as_json:
        data: list[dict[str, Any]] = [
            {
                "id": row.id,
                "name": row.name,
                "address": row.ip_address,
                "platform": row.platform,
                "status": row.status,
                "model": row.model,
                "uptime_seconds": row.uptime_seconds,
                "last_seen": row.last_seen,
            }
            for row in rows
        ]
        print_json(data)
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
