"""Tools that read routers, through the runbook API: NAPALM getters and allowed show commands.

Each call is a run of the ``facts`` or ``show`` runbook, so it is in the operations log with
one row per router, attributed to the user of the chat (or of the MCP token). A show command
outside the allow-list is refused before any router is contacted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netauto.ai.messages import ToolSpec
from netauto.chat.tools import Tool, ToolContext, schema

if TYPE_CHECKING:
    from netauto.chat.config import ChatSettings
    from netauto.engine.report import RunReport

_HOSTS = {
    "hosts": {"type": "array", "items": {"type": "string"}, "description": "router names"},
    "group": {"type": "string", "description": "an inventory group instead of names"},
}


def _results(report: RunReport, key: str) -> dict[str, Any]:
    rows = []
    for outcome in report.hosts:
        row: dict[str, Any] = {"host": outcome.host, "status": outcome.status}
        if outcome.failed:
            row["error"] = outcome.detail
        else:
            row[key] = outcome.data.get(key) if key == "output" else outcome.data
        rows.append(row)
    return {"run": report.run_id, "results": rows}


def get_facts(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    from netauto.runbooks import facts

    report = facts(
        context.selection(args),
        getters=args.get("getters") or ("facts",),
        options=context.options(),
    )
    return _results(report, "data")


def show_command(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    from netauto.runbooks import show

    command = context.chat.policy.check(str(args["command"]))  # before any router
    report = show(context.selection(args), command=command, options=context.options())
    return {"command": command, **_results(report, "output")}


def router_tools(chat: ChatSettings) -> list[Tool]:
    from netauto.tasks._getters import GETTERS

    allowed = "; ".join(chat.policy.commands)
    return [
        Tool(
            ToolSpec(
                "get_facts",
                "Run NAPALM getters on routers (default: facts = model, OS version, serial, "
                "uptime, interface list). Reads the routers now; recorded in the operations log.",
                schema(
                    {
                        **_HOSTS,
                        "getters": {
                            "type": "array",
                            "items": {"type": "string", "enum": list(GETTERS)},
                        },
                    }
                ),
            ),
            get_facts,
        ),
        Tool(
            ToolSpec(
                "show_command",
                "Run one show command on routers and return each router's output. Only these "
                f"commands (IOS abbreviations and arguments allowed): {allowed}. One output "
                "filter may follow: | include, exclude, begin, section or count REGEX. Anything "
                "else is refused.",
                schema({**_HOSTS, "command": {"type": "string"}}, ("command",)),
            ),
            show_command,
        ),
    ]
