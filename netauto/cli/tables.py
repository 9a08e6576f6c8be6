"""Output of the read commands: rich tables on a terminal, aligned text in a pipe, JSON.

rich is imported inside the functions so that ``netauto --help`` stays fast.
"""

from __future__ import annotations

import dataclasses
import io
import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click

STYLES = {
    "success": "green",
    "ok": "green",
    "online": "green",
    "failed": "red",
    "offline": "red",
    "warning": "yellow",
    "running": "yellow",
    "pending": "yellow",
}


def _default(value: Any) -> Any:
    to_json = getattr(value, "to_json", None)
    if callable(to_json):  # a row of the read API: its one JSON shape (netauto.db.rows)
        return to_json()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def print_json(data: Any) -> None:
    """JSON on stdout and nothing else: uuids and datetimes as strings."""
    click.echo(json.dumps(data, default=_default, indent=2))


def print_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    style_column: str | None = "status",
    right: Sequence[str] = (),
) -> None:
    """A borderless table; cells are plain text (never rich markup), the status column colored."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for header in headers:
        table.add_column(
            header, justify="right" if header in right else "left", no_wrap=header != "error"
        )
    styled = headers.index(style_column) if style_column in headers else -1
    for row in rows:
        table.add_row(
            *(
                Text(cell, style=STYLES.get(cell, "") if index == styled else "")
                for index, cell in enumerate(row)
            )
        )
    console = Console(highlight=False)
    if console.is_terminal:
        console.print(table)
        return
    # In a pipe, rich would squeeze the table into 80 columns: render it at its natural width.
    buffer = io.StringIO()
    Console(file=buffer, width=10_000, highlight=False, color_system=None).print(table)
    for line in buffer.getvalue().splitlines():
        click.echo(line.rstrip())


def local_time(value: datetime | None, *, today: date | None = None) -> str:
    """A local time of day for today, else the local date and time."""
    if value is None:
        return "-"
    local = value.astimezone()
    if local.date() == (today or datetime.now().astimezone().date()):
        return local.strftime("%H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M:%S")


def short_id(value: uuid.UUID | None) -> str:
    """The first 8 hex digits: unique enough to paste into ``netauto ops show``."""
    return "-" if value is None else value.hex[:8]


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def duration(seconds: float | None) -> str:
    """``3d 4h``, ``2h 5m``, ``4m 10s``, ``12s``."""
    if seconds is None:
        return "-"
    total = int(seconds)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m {secs}s"
    return f"{secs}s"
