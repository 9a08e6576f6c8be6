"""Shared click options, as decorators (the pip-tools ``options.py`` style)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _parse_filters(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    filters: dict[str, str] = {}
    for value in values:
        key, sep, wanted = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected key=value, got {value!r}", ctx, param)
        filters[key.strip()] = wanted.strip()
    return filters


def _split_hosts(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    if values and not names:
        # `-H "$HOSTS"` with an empty variable must never mean the whole fleet.
        raise click.BadParameter("the host list is empty", ctx, param)
    return names


def _groups(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    if any(not value.strip() for value in values):
        raise click.BadParameter("a group name is empty", ctx, param)
    return [value.strip() for value in values]


config_option = click.option(
    "--config",
    "config_file",
    envvar="NETAUTO_CONFIG",
    default="config.yaml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Nornir config file (env NETAUTO_CONFIG).",
)
hosts_option = click.option(
    "--hosts",
    "-H",
    "hosts",
    multiple=True,
    callback=_split_hosts,
    help="Hosts to run on, comma separated or repeated.",
)
group_option = click.option(
    "--group",
    "-g",
    "groups",
    multiple=True,
    callback=_groups,
    help="Run on the members of this group.",
)
filter_option = click.option(
    "--filter",
    "filters",
    multiple=True,
    callback=_parse_filters,
    metavar="KEY=VALUE",
    help="Keep hosts whose attribute or data KEY equals VALUE (repeatable).",
)
workers_option = click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Parallel hosts (threads)."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
log_format_option = click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    envvar="NETAUTO_LOG_FORMAT",
    default="text",
    show_default=True,
    help="The process's log on stderr: text lines, or one JSON object per line (env "
    "NETAUTO_LOG_FORMAT).",
)
executor_option = click.option(
    "--executor",
    type=click.Choice(["threaded", "celery"]),
    default=None,
    help="Run here in threads, or on `netauto worker` processes (default: executor setting).",
)
user_option = click.option(
    "--user",
    envvar="NETAUTO_USER",
    default=None,
    help="Operator recorded in the operations log (env NETAUTO_USER, else the OS login).",
)

# The command line's own answer to a change's question (deploy, rollback, generate).
yes_option = click.option(
    "--yes", "-y", is_flag=True, help="Do not ask before committing (for scripts)."
)


def runbook_options(func: F) -> F:
    """All options a runbook shares: config, host selection, workers, executor, JSON, user."""
    for decorator in reversed(
        (
            config_option,
            hosts_option,
            group_option,
            filter_option,
            workers_option,
            executor_option,
            json_option,
            user_option,
        )
    ):
        func = decorator(func)
    return func
