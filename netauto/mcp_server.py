"""The assistant's read-only tools over the Model Context Protocol (the official ``mcp`` SDK).

A front end over :mod:`netauto.chat`'s tools, beside the command line and the web.

``netauto mcp`` serves them to desktop AI clients over stdio, or over streamable HTTP on
127.0.0.1 where every request needs ``Authorization: Bearer nta_...`` (a token of
``netauto users token create``). The tools are the chat's, minus ``propose_change``: results
are JSON text, redacted like the chat's (an MCP client is an AI provider too), and a tool
that reads routers is a run in the operations log attributed to the caller: the token's user
over HTTP, ``--user`` (else ``NETAUTO_USER``, else the OS login) over stdio.
"""

from __future__ import annotations

import functools
import os
import threading
from typing import TYPE_CHECKING, Any

from netauto.ai.messages import ToolCall
from netauto.chat.catalog import all_tools
from netauto.chat.tools import Tool, ToolContext, ToolResult, call_tool
from netauto.exceptions import PermissionDenied

if TYPE_CHECKING:
    from mcp.server import Server
    from mcp.server.auth.provider import AccessToken
    from starlette.applications import Starlette

    from netauto.chat.config import ChatSettings
    from netauto.project import Project
    from netauto.settings import Settings

INSTRUCTIONS = (
    "netauto: read-only tools over a fleet of Cisco IOS routers: devices, the operations log, "
    "runs, backup diffs, NAPALM getters and allowed show commands. Tools that read routers are "
    "recorded in the operations log under your user. Values like <SECRET_n> are redacted."
)


class McpTools:
    """The tools for every caller: one context (redactor, caches, lock) per user."""

    def __init__(self, settings: Settings, chat: ChatSettings) -> None:
        self.settings = settings
        self.chat = chat
        self.tools: dict[str, Tool] = {n: t for n, t in all_tools(chat).items() if t.mcp}
        self._contexts: dict[str, tuple[ToolContext, threading.Lock]] = {}
        self._lock = threading.Lock()

    def call(self, username: str, name: str, arguments: dict[str, Any]) -> ToolResult:
        """One tool call for ``username``, in a worker thread (routers take seconds)."""
        from netauto.auth import Permission, authorize

        with self._lock:
            if username not in self._contexts:
                context = ToolContext(self.settings, username, self.chat)
                self._contexts[username] = (context, threading.Lock())
            context, lock = self._contexts[username]
        try:
            authorize(self.settings, username, Permission.READ)
        except PermissionDenied as exc:
            return ToolResult(str(exc), True)
        with lock:
            return call_tool(self.tools, context, ToolCall("mcp", name, arguments))


def _caller(request: Any) -> str | None:
    """The user of the bearer token of an HTTP request (None over stdio)."""
    user = getattr(request, "scope", {}).get("user") if request is not None else None
    token = getattr(user, "access_token", None)
    return getattr(token, "subject", None) or getattr(token, "client_id", None)


def build_server(tools: McpTools, default_user: str) -> Server[Any]:
    import anyio
    import mcp.types as types
    from mcp.server import Server

    from netauto import __version__

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(
            tools=[
                types.Tool(
                    name=tool.spec.name,
                    description=tool.spec.description,
                    input_schema=tool.spec.parameters,
                )
                for tool in tools.tools.values()
            ]
        )

    async def call_tool_handler(ctx: Any, params: Any) -> types.CallToolResult:
        username = _caller(ctx.request) or default_user
        call = functools.partial(tools.call, username, params.name, dict(params.arguments or {}))
        result = await anyio.to_thread.run_sync(call)
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=result.text)], is_error=result.is_error
        )

    return Server(
        "netauto",
        version=__version__,
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool_handler,
    )


class TokenCheck:
    """The SDK's TokenVerifier over netauto's API tokens (``netauto.accounts.verify_token``)."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def verify_token(self, token: str) -> AccessToken | None:
        import anyio
        from mcp.server.auth.provider import AccessToken

        from netauto.accounts import TokenInvalid, verify_token

        try:
            identity = await anyio.to_thread.run_sync(verify_token, self.url, token)
        except TokenInvalid:
            return None
        return AccessToken(
            token=token, client_id=identity.username, scopes=[], subject=identity.username
        )


def http_app(server: Server[Any], url: str, port: int) -> Starlette:
    """The streamable HTTP app at ``/mcp``: bearer tokens required, loopback hosts only."""
    from mcp.server.auth.settings import AuthSettings
    from pydantic import AnyHttpUrl

    issuer = AnyHttpUrl(f"http://127.0.0.1:{port}")
    auth = AuthSettings(issuer_url=issuer, resource_server_url=None)
    return server.streamable_http_app(host="127.0.0.1", auth=auth, token_verifier=TokenCheck(url))


def open_tools(config: Project | str | os.PathLike[str] | None) -> McpTools:
    """The tools of an open project (or of the project of a config file or folder)."""
    from netauto.chat.config import load_chat_settings
    from netauto.project import Project

    project = config if isinstance(config, Project) else Project.open(config)
    project.ensure_schema()
    return McpTools(project.settings, load_chat_settings(project.settings))


def serve_stdio(tools: McpTools, username: str) -> None:
    """Serve on stdin/stdout until the client closes them."""
    import anyio
    from mcp.server.stdio import stdio_server

    server = build_server(tools, username)

    async def main() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(main)


def serve_http(tools: McpTools, username: str, port: int) -> None:
    """Serve streamable HTTP on 127.0.0.1:``port`` until interrupted."""
    import uvicorn

    app = http_app(build_server(tools, username), tools.settings.database_url, port)
    uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")).run()
