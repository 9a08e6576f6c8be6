"""``netauto web``: the dashboard, devices, operations, automation, chat and settings pages.

netauto web [--bind 127.0.0.1:8080] [--detach] [--allow-remote] [--log-format json]
netauto web status [--json]
netauto web stop
"""

from __future__ import annotations

import click

from netauto.cli.options import config_option, json_option, log_format_option
from netauto.cli.tables import print_json


@click.group(invoke_without_command=True)
@click.option(
    "--bind",
    default="127.0.0.1:8080",
    show_default=True,
    metavar="HOST:PORT",
    help="Address to serve on (loopback only, unless --allow-remote).",
)
@click.option("--detach", is_flag=True, help="Run in the background (log in .netauto/web.log).")
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow a non-loopback --bind (put a TLS proxy in front).",
)
@log_format_option
@config_option
@click.pass_context
def web(
    ctx: click.Context,
    bind: str,
    detach: bool,
    allow_remote: bool,
    log_format: str,
    config_file: str,
) -> None:
    """Serve the web pages and the JSON API (/api/) until stopped (Ctrl-C, SIGTERM).

    Log in with a user that has a password (netauto users add EMAIL --role admin; netauto
    users passwd EMAIL): there is no default account. Scripts use API tokens (netauto users
    token create). Assets are served from the package: no internet access needed.
    """
    if ctx.invoked_subcommand is not None:
        return
    from netauto.project import Project
    from netauto.web import server

    project = Project.open(config_file)
    host, port = server.parse_bind(bind)
    if detach:
        pid = server.spawn(project, bind, allow_remote=allow_remote, log_format=log_format)
        found = server.status(project)
        click.echo(
            f"netauto web on {found.url or f'http://{host}:{port}/'} (pid {pid}); "
            f"log {found.log_file}. Stop: netauto web stop."
        )
        return
    server.configure_logging(log_format)
    click.echo(f"netauto web on http://{host}:{port}/ (Ctrl-C stops it)")
    server.serve(project, bind, allow_remote=allow_remote)


@web.command("status")
@config_option
@json_option
@click.pass_context
def status_command(ctx: click.Context, config_file: str, as_json: bool) -> None:
    """Whether the project's web server runs, and where (exit 1: it does not)."""
    from netauto.project import Project
    from netauto.web import server

    found = server.status(Project.open(config_file))
    if as_json:
        print_json(found)
    elif found.pid is None:
        click.echo("netauto web is not running for this project.")
    else:
        click.echo(f"netauto web running: pid {found.pid}, {found.url}; log {found.log_file}.")
    if found.pid is None:
        ctx.exit(1)


@web.command("stop")
@config_option
def stop_command(config_file: str) -> None:
    """Stop the project's detached web server."""
    from netauto.project import Project
    from netauto.web import server

    pid = server.stop(Project.open(config_file))
    click.echo(f"netauto web stopped (pid {pid}).")
