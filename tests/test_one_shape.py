"""One row, one JSON shape: the web API, the chat (and MCP) tools and the CLI's --json agree.

Real databases (SQLite and PostgreSQL through ``database_url``), written through the real
store (fixtures_db.seed), read by each front end as a user would: the API over the Flask test
client with a bearer token, the chat tools through ``call_tool`` (what the model receives,
as JSON text), the command line through click.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fixtures_db import Seeded, seed
from netauto_testing import many_hosts, write_project

from netauto.ai.messages import ToolCall
from netauto.cli import cli
from netauto.project import Project

ENV = ("NETAUTO_CONFIG", "NETAUTO_DATABASE_URL", "NETAUTO_USER", "NETAUTO_WEB_SECRET_KEY")


class Fronts:
    """The three front ends over one project."""

    def __init__(self, project: Project, token: str) -> None:
        from netauto.chat.catalog import all_tools
        from netauto.chat.config import load_chat_settings
        from netauto.chat.tools import ToolContext
        from netauto.web import create_app

        self.project = project
        self.app = create_app(project)
        self.client = self.app.test_client()
        self.token = token
        chat = load_chat_settings(project.settings)
        self.tools = all_tools(chat)
        self.context = ToolContext(project.settings, "ada", chat)

    def api(self, path: str) -> Any:
        response = self.client.get(path, headers={"Authorization": f"Bearer {self.token}"})
        assert response.status_code == 200, response.json
        return response.json

    def tool(self, name: str, /, **arguments: Any) -> Any:
        from netauto.chat.tools import call_tool

        result = call_tool(self.tools, self.context, ToolCall("t1", name, arguments))
        assert not result.is_error, result.text
        return json.loads(result.text)

    def cli(self, *args: str) -> Any:
        config = str(self.project.config_file)
        result = CliRunner().invoke(cli, [*args, "--config", config, "--json", "--user", "ada"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)


@pytest.fixture
def seeded(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Fronts]:
    from netauto.db.devices import update_device

    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    hosts = {f"R{n}": spec for n, spec in zip((15, 16, 17), many_hosts(3).values(), strict=True)}
    config = write_project(tmp_path, database_url, hosts, {"backups_dir": "backups"})
    project = Project.open(config, user="ada")
    project.inventory(sync=True)  # network_devices from the inventory, as the web does
    found: Seeded = seed(project.url)
    update_device(
        project.url,
        "R15",
        status="online",
        model="CSR1000V",
        uptime_seconds=90061,
        last_seen=found.now - timedelta(hours=1),
        metadata={"serial": "FTX1", "os_version": "17.3"},
    )
    project.users.add("ada@example.com", "admin")
    token, _ = project.tokens.create("ada@example.com", label="tests")
    fronts = Fronts(project, token)
    fronts.seeded = found  # type: ignore[attr-defined]
    yield fronts
    fronts.app.extensions["netauto"].feed.close()


def test_an_operation_reads_the_same_everywhere(seeded: Fronts) -> None:
    found: Seeded = seeded.seeded  # type: ignore[attr-defined]
    op_id = str(found.backup_ops["R15"])
    web = {op["id"]: op for op in seeded.api("/api/operations?host=R15")["items"]}
    chat = {op["id"]: op for op in seeded.tool("query_operations", hosts=["R15"])["operations"]}
    cli = {op["id"]: op for op in seeded.cli("ops", "list", "-H", "R15")}
    assert web[op_id] == chat[op_id] == cli[op_id]
    assert web.keys() == chat.keys() == cli.keys()
    assert web[op_id]["changed"] is True and web[op_id]["run_id"] == str(found.backup_run)
    assert "result" not in web[op_id]  # a list leaves the result out, everywhere

    # One operation in detail: with its command, result and diff.
    web_detail = seeded.api(f"/api/operations/{op_id}")
    chat_detail = seeded.tool("run_results", run=op_id)["operation"]
    cli_detail = seeded.cli("ops", "show", op_id)
    assert cli_detail.pop("kind") == "operation"
    assert web_detail == chat_detail == cli_detail
    assert web_detail["diff"] == "+ntp server 192.0.2.10"
    assert web_detail["result"] == {"result": {"lines": 84}, "subtasks": []}


def test_a_run_reads_the_same_everywhere(seeded: Fronts) -> None:
    found: Seeded = seeded.seeded  # type: ignore[attr-defined]
    run_id = str(found.backup_run)
    web = seeded.api(f"/api/runs/{run_id[:8]}")
    chat = seeded.tool("run_results", run=run_id[:8])
    cli = seeded.cli("ops", "show", run_id[:8])
    web_operations = web.pop("operations")
    assert web == chat["run"] == cli["run"]
    assert web_operations == chat["operations"] == cli["operations"]
    assert [op["host"] for op in web_operations] == ["R15", "R16", "R17"]
    listed = next(run for run in seeded.api("/api/runs")["items"] if run["id"] == run_id)
    assert listed == web


def test_a_device_reads_the_same_everywhere(seeded: Fronts) -> None:
    found: Seeded = seeded.seeded  # type: ignore[attr-defined]
    web = {d["name"]: d for d in seeded.api("/api/devices")}
    chat = {d["name"]: d for d in seeded.tool("list_devices")["devices"]}
    cli = {d["name"]: d for d in seeded.cli("devices", "list")}
    assert web == chat == cli
    r15 = web["R15"]
    assert (r15["status"], r15["model"], r15["uptime_seconds"]) == ("online", "CSR1000V", 90061)
    assert r15["address"] == r15["ip_address"] and r15["metadata"]["serial"] == "FTX1"
    backup_at = found.now - timedelta(minutes=10)  # R15's was the run's first row
    assert datetime.fromisoformat(r15["last_backup"]) == backup_at
    assert web["R17"]["last_backup"] is None  # its backup failed
    assert "config_backup" not in r15  # the stored configuration never leaves

    detail = seeded.api("/api/devices/R15")
    assert {key: detail[key] for key in r15} == r15
    tool = seeded.tool("device_detail", name="R15")
    assert {key: tool[key] for key in r15 if key not in ("address", "platform")} == {
        key: value for key, value in r15.items() if key not in ("address", "platform")
    }
    assert tool["groups"] == ["routers"]  # the inventory's own, on top of the device


def test_users_tokens_and_locks_carry_no_secret(seeded: Fronts) -> None:
    web = seeded.api("/api/users")
    cli = seeded.cli("users", "list")
    assert web == cli and "password_hash" not in json.dumps(web)
    [token] = seeded.cli("users", "token", "list")
    assert token["state"] == "active" and "hash" not in json.dumps(token)
    assert seeded.token not in json.dumps(token)
    assert seeded.cli("locks", "list") == []


def test_an_event_reads_the_same_everywhere(seeded: Fronts) -> None:
    from netauto.db.engine import get_engine
    from netauto.db.events import add_event

    found: Seeded = seeded.seeded  # type: ignore[attr-defined]
    with get_engine(seeded.project.url).begin() as connection:
        add_event(
            connection,
            kind="device_down",
            severity="critical",
            router="R16",
            run_id=str(found.backup_run),
            text="R16 is offline",
            data={"reason": "connect timeout"},
            channels=[],
        )
    web = seeded.api("/api/notifications/events")
    chat = seeded.tool("recent_events")["events"]
    cli = seeded.cli("notify", "events")
    assert web == chat == cli
    [event] = web
    assert (event["kind"], event["router"], event["run_id"]) == (
        "device_down",
        "R16",
        str(found.backup_run),
    )
