"""netauto mcp, tested with the official SDK's own client: stdio, and HTTP with a bearer token."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netauto_testing import Project

NETAUTO = str(Path(sys.executable).parent / "netauto")


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


def test_stdio_lists_the_tools_and_answers_two_calls(project: Project) -> None:
    from mcp import Client, StdioServerParameters

    params = StdioServerParameters(
        command=NETAUTO,
        args=["mcp", "--config", str(project.config), "--user", "desktop-ai"],
        cwd=str(project.folder),
    )

    async def session() -> tuple[list[str], Any, Any, Any]:
        async with Client(params) as client:
            tools = await client.list_tools()
            devices = await client.call_tool("list_devices", {"status": "unknown"})
            shown = await client.call_tool(
                "show_command", {"hosts": ["R15"], "command": "show version"}
            )
            refused = await client.call_tool(
                "show_command", {"hosts": ["R15"], "command": "configure terminal"}
            )
            return [tool.name for tool in tools.tools], devices, shown, refused

    names, devices, shown, refused = asyncio.run(session())
    assert names == [
        "list_devices",
        "device_detail",
        "query_operations",
        "run_results",
        "backup_diff",
        "recent_events",
        "search",
        "compliance",
        "get_facts",
        "show_command",
    ]
    assert not devices.is_error
    assert [d["name"] for d in json.loads(devices.content[0].text)["devices"]] == ["R15", "R16"]
    assert not shown.is_error
    [result] = json.loads(shown.content[0].text)["results"]
    assert result["host"] == "R15" and "Cisco IOS Software" in result["output"]
    assert refused.is_error and "only show commands" in refused.content[0].text
    [run] = project.runs()
    assert (run.runbook, run.username) == ("show", "desktop-ai")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(name="http_server")
def http_server_fixture(project: Project) -> Iterator[str]:
    port = _free_port()
    command = [NETAUTO, "mcp", "--http", "--port", str(port), "--config", str(project.config)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/mcp"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_http_needs_a_bearer_token_and_records_its_user(project: Project, http_server: str) -> None:
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    from netauto.accounts import add_user, create_token

    add_user(project.database_url, "oli@example.com", role="viewer", actor="t", username="oli")
    token, _ = create_token(project.database_url, "oli@example.com", actor="t")
    hello = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    assert httpx2.post(http_server, json=hello, timeout=5).status_code == 401
    wrong = {"Authorization": "Bearer nta_" + "x" * 43}
    assert httpx2.post(http_server, json=hello, headers=wrong, timeout=5).status_code == 401

    async def session() -> Any:
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=30) as http,
            Client(streamable_http_client(http_server, http_client=http)) as client,
        ):
            assert len((await client.list_tools()).tools) == 10
            return await client.call_tool(
                "show_command", {"hosts": ["R16"], "command": "show clock"}
            )

    shown = asyncio.run(session())
    assert not shown.is_error, shown.content[0].text
    [run] = project.runs()
    assert (run.runbook, run.username) == ("show", "oli")
