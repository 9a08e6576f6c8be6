"""Tools that read routers: one per declared runbook that only reads, made from its declaration.

A runbook whose declaration offers it to the assistant (``ai_tool``, never one that changes
routers) is a tool named ``tool_name`` (``facts`` is ``get_facts``, ``show`` is
``show_command``), described by its summary and help, whose JSON schema is its parameters
plus the selection (``hosts``, or a ``group``; at most ``chat.max_hosts`` names). Each call is
a run of the runbook through the runbook API, so it is in the operations log with one row per
router, attributed to the user of the chat (or of the MCP token); its arguments are checked by
the declaration as the web's are (no local paths). A show command outside the allow-list is
refused by the runbook before any router is contacted. What the assistant alone needs (a
description naming the allowed commands, smaller default answers, which of a host's data to
return) is keyed by runbook name below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netauto.ai.messages import ToolSpec
from netauto.chat.tools import Tool, ToolContext, schema

if TYPE_CHECKING:
    from netauto.chat.config import ChatSettings
    from netauto.engine.declaration import Runbook
    from netauto.report import RunReport

_HOSTS = {
    "hosts": {"type": "array", "items": {"type": "string"}, "description": "router names"},
    "group": {"type": "string", "description": "an inventory group instead of names"},
}
_RECORDED = "Reads the routers now; recorded in the operations log."


@dataclass(frozen=True)
class ToolLook:
    """The assistant's view of a runbook: more description, defaults, the data returned."""

    describe: Callable[[ChatSettings], str] = lambda chat: ""
    defaults: Mapping[str, Any] = field(default_factory=dict)
    returns: tuple[str, ...] = ()  # keys of each host's data; empty: all of it, as "data"
    shared: tuple[str, ...] = ()  # keys the same on every host, given once


def _allowed(chat: ChatSettings) -> str:
    return (
        f"Only these commands (IOS abbreviations and arguments allowed): "
        f"{'; '.join(chat.policy.commands)}. One output filter may follow: | include, "
        "exclude, begin, section or count REGEX. Anything else is refused."
    )


LOOKS = {
    "facts": ToolLook(
        describe=lambda chat: (
            "Default getter: facts (model, OS version, serial, uptime, interface list)."
        ),
        defaults={"getters": ["facts"]},  # small answers unless the model asks for more
    ),
    "show": ToolLook(describe=_allowed, returns=("output",), shared=("command",)),
    "compliance": ToolLook(
        describe=lambda chat: (
            "Judges each router's latest backup; a router not compliant is a failure whose "
            "features list the missing and extra lines."
        ),
        returns=("source", "features"),
    ),
}


def _results(report: RunReport, look: ToolLook) -> dict[str, Any]:
    found = [outcome.data for outcome in report.hosts if not outcome.failed]
    shared = {key: found[0].get(key) for key in look.shared if found}
    rows = []
    for outcome in report.hosts:
        row: dict[str, Any] = {"host": outcome.host, "status": outcome.status}
        if outcome.failed:
            row["error"] = outcome.detail
        if outcome.failed and not outcome.data:
            rows.append(row)  # nothing more to say than why (a router not compliant has more)
            continue
        if look.returns:
            row.update({key: outcome.data.get(key) for key in look.returns})
        else:
            row["data"] = outcome.data
        rows.append(row)
    return {**shared, "run": report.run_id, "results": rows}


def runbook_tool(runbook: Runbook, chat: ChatSettings) -> Tool:
    """The tool of a runbook that only reads routers."""
    look = LOOKS.get(runbook.name, ToolLook())
    assert runbook.tool is not None

    def run(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
        selection = context.selection(args)  # before any router: names, chat.max_hosts
        given = {key: value for key, value in args.items() if key not in _HOSTS}
        arguments = runbook.accept({**look.defaults, **given}, remote=True)
        if runbook.permission != "read":  # one that reads routers but needs more than a viewer
            from netauto.auth import authorize

            authorize(context.settings, context.username, runbook.needs(arguments))
        function = runbook.load()
        return _results(function(selection, **arguments, options=context.options()), look)

    parts = [runbook.summary, runbook.described(), look.describe(chat), _RECORDED]
    properties = {param.name: param.json_schema() for param in runbook.params if param.remote}
    required = tuple(param.name for param in runbook.params if param.required)
    spec = ToolSpec(
        runbook.tool,
        " ".join(part for part in parts if part),
        schema({**_HOSTS, **properties}, required),
    )
    return Tool(spec, run)


def router_tools(chat: ChatSettings) -> list[Tool]:
    from netauto.engine.registry import declared

    return [
        runbook_tool(runbook, chat) for runbook in declared().values() if runbook.tool is not None
    ]
