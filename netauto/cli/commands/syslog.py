"""``netauto syslog``: receive routers' syslog, back up changed routers, tell events.

netauto syslog [--bind 127.0.0.1:5514] [--detach]
netauto syslog stop
"""

from __future__ import annotations

import click

from netauto.cli.options import config_option


@click.group(invoke_without_command=True)
@click.option(
    "--bind",
    metavar="HOST:PORT",
    help="Where to listen, UDP and TCP (default: the syslog.bind setting, else 127.0.0.1:5514).",
)
@click.option("--detach", is_flag=True, help="Run in the background (log in .netauto/).")
@config_option
@click.pass_context
def syslog(ctx: click.Context, bind: str | None, detach: bool, config_file: str) -> None:
    """Listen for syslog (RFC 3164/5424, UDP and TCP) until stopped.

    A router's "%SYS-5-CONFIG_I: Configured from ..." backs it up within seconds (a burst
    of messages is one backup); link up/down and login failures become events. Senders are
    mapped to routers by their inventory address. The notification outbox is drained too.
    """
    if ctx.invoked_subcommand is not None:
        return
    from netauto import listener
    from netauto.project import Project
    from netauto.syslogd.server import DEFAULT_BIND, parse_bind

    project = Project.open(config_file)
    where = bind or project.settings.value("syslog.bind") or DEFAULT_BIND
    parse_bind(where)  # a bad address: one line, exit 2, before anything starts
    if detach:
        pid = listener.spawn(project, bind=where)
        click.echo(
            f"Syslog listener started (pid {pid}) on {where}; log "
            f"{project.state_dir / listener.LOG_FILE}. Stop: netauto syslog stop."
        )
        return
    listener.serve(project, bind=where)


@syslog.command("stop")
@config_option
def stop_command(config_file: str) -> None:
    """Stop the project's detached syslog listener."""
    from netauto import listener
    from netauto.project import Project

    pid = listener.stop(Project.open(config_file))
    click.echo(f"Syslog listener stopped (pid {pid}).")
