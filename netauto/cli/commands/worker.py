"""``netauto worker``: a Celery worker that runs the runbooks of ``--executor celery`` runs."""

from __future__ import annotations

import logging

import click

from netauto.cli.options import config_option, log_format_option


def _split(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


@click.command()
@config_option
@click.option(
    "--concurrency",
    "-c",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes, each running one shard of hosts at a time (default: CPU count).",
)
@click.option(
    "--queue",
    "-Q",
    "queues",
    multiple=True,
    callback=_split,
    help="Queues to serve, comma separated or repeated (default: netauto).",
)
@click.option("--name", "-n", default=None, help="Node name (default: netauto-PID@HOST).")
@click.option(
    "--loglevel",
    "-l",
    type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
    default="warning",
    show_default=True,
)
@log_format_option
def worker(
    config_file: str,
    concurrency: int | None,
    queues: list[str],
    name: str | None,
    loglevel: str,
    log_format: str,
) -> None:
    """Run shards of runbooks for callers using --executor celery, until Ctrl-C or SIGTERM.

    Broker and result backend come from celery.broker_url and celery.result_backend
    (default redis://127.0.0.1:6379/0). Every worker and caller share the PostgreSQL
    operations log of config.yaml; the worker opens its own connections to the routers of
    its inventory. A host goes to the queue named by its celery.queue_by attribute or data
    key (e.g. site), so a worker near a site can serve just that site: --queue paris.
    """
    from netauto.project import Project
    from netauto.worker.serve import serve

    if loglevel.lower() != "warning":
        logging.getLogger().setLevel(loglevel.upper())
    raise SystemExit(
        serve(
            Project.open(config_file),
            queues=queues,
            concurrency=concurrency,
            name=name,
            loglevel=loglevel.upper(),
            log_format=log_format,
        )
    )
