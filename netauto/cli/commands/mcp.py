"""``netauto mcp``: the assistant's read-only tools for other AI clients (Model Context Protocol).

netauto mcp --config /path/to/config.yaml            # stdio, for desktop AI clients
netauto mcp --http [--port 8765]                      # streamable HTTP on 127.0.0.1, bearer token
"""

from __future__ import annotations

import click

from netauto.cli.options import config_option, user_option


@click.command()
@click.option("--http", "http", is_flag=True, help="Streamable HTTP on 127.0.0.1 instead of stdio.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="HTTP port."
)
@config_option
@user_option
def mcp(http: bool, port: int, config_file: str, user: str | None) -> None:
    """Serve the read-only tools over MCP: devices, operations log, runs, backup diffs,
    NAPALM getters and allowed show commands.

    Over stdio (the default) a desktop AI client starts this command itself; calls are
    recorded under --user (else NETAUTO_USER, else the OS login). With --http the server
    listens on 127.0.0.1:PORT/mcp only, and every request needs `Authorization: Bearer
    <token>` (netauto users token create EMAIL); calls are recorded under the token's user.
    Nothing is printed on stdout but the protocol.
    """
    from netauto.auth import Permission
    from netauto.mcp_server import open_tools, serve_http, serve_stdio
    from netauto.project import Project

    project = Project.open(config_file, user=user)
    tools = open_tools(project)
    if http:
        click.echo(f"netauto MCP server on http://127.0.0.1:{port}/mcp (bearer token)", err=True)
        serve_http(tools, project.operator, port)
        return
    project.authorize(Permission.READ)
    serve_stdio(tools, project.operator)
