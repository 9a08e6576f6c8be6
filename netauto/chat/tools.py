"""The tools the assistant may call: schemas, argument checks, dispatch, safe results.

Every tool is read-only: lookups in the database and the backups, the runbooks that only read
routers (NAPALM getters, allowed show commands, those of other packages; made from their
declarations by :mod:`netauto.chat.router_tools`) through the runbook API (a run in the
operations log attributed to the user),
and ``propose_change``, which only previews (chat only: committing is the user's, never the
model's). A result goes back as JSON text with every secret replaced by a ``<SECRET_n>``
placeholder and cut to ``chat.max_result_chars``; a failure is a result too (``error``), so
the model can correct itself.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netauto.ai.messages import ToolCall, ToolSpec
from netauto.exceptions import NetautoError, UsageError
from netauto.secrets import Redactor
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.chat.config import ChatSettings
    from netauto.chat.proposals import Proposal
    from netauto.engine.options import RunOptions, Selection
    from netauto.settings import Settings

log = logging.getLogger(__name__)
_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "boolean": bool,
    "array": list,
    "object": dict,
}


@dataclass
class ToolContext:
    """Who calls, with which settings; the session's redactor and proposals."""

    settings: Settings
    username: str
    chat: ChatSettings
    redactor: Redactor = field(default_factory=Redactor)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.settings.database_url

    def options(self) -> RunOptions:
        from netauto.engine.options import RunOptions

        return RunOptions(config=self.settings.config_file, user=self.username)

    def selection(self, args: Mapping[str, Any]) -> Selection:
        """The hosts a router tool names (``hosts`` or ``group``), within ``chat.max_hosts``."""
        from netauto.engine.options import Selection

        hosts = [str(h).strip() for h in args.get("hosts") or () if str(h).strip()]
        group = str(args.get("group") or "").strip()
        if not hosts and not group:
            raise UsageError("name the routers: give hosts (names) or a group")
        if len(hosts) > self.chat.max_hosts:
            raise UsageError(f"at most {plural(self.chat.max_hosts, 'host')} per call")
        return Selection(hosts=tuple(hosts), groups=(group,) if group else ())


@dataclass(frozen=True)
class Tool:
    spec: ToolSpec
    run: Callable[[ToolContext, dict[str, Any]], Any]
    mcp: bool = True  # offered over MCP too (propose_change is the chat's only)


@dataclass(frozen=True)
class ToolResult:
    text: str
    is_error: bool = False
    data: Any = None


def schema(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def check_arguments(spec: ToolSpec, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments if they fit the tool's schema (the subset its schemas use)."""
    properties: dict[str, Any] = spec.parameters.get("properties", {})
    unknown = sorted(set(arguments) - set(properties))
    if unknown:
        raise UsageError(f"unknown argument {unknown[0]!r} of {spec.name}")
    for name in spec.parameters.get("required", []):
        if arguments.get(name) in (None, "", []):
            raise UsageError(f"{spec.name} needs the argument {name!r}")
    checked: dict[str, Any] = {}
    for name, value in arguments.items():
        if value is None:
            continue
        rule = properties[name]
        wanted = _TYPES.get(rule.get("type", ""), object)
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            raise UsageError(f"argument {name!r} of {spec.name} must be a {rule.get('type')}")
        if "enum" in rule and value not in rule["enum"]:
            raise UsageError(f"argument {name!r} must be one of {', '.join(rule['enum'])}")
        if isinstance(value, int) and not isinstance(value, bool):
            low, high = rule.get("minimum"), rule.get("maximum")
            if (low is not None and value < low) or (high is not None and value > high):
                raise UsageError(f"argument {name!r} must be within {low}..{high}")
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise UsageError(f"argument {name!r} must be a list of strings")
        checked[name] = value
    return checked


def redact_tree(value: Any, redactor: Redactor) -> Any:
    """Every string of a JSON-like value redacted (before JSON escapes hide its lines)."""
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, Mapping):
        return {str(k): redact_tree(v, redactor) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_tree(v, redactor) for v in value]
    return value


def _text(data: Any, context: ToolContext) -> str:
    text = json.dumps(redact_tree(data, context.redactor), default=str, ensure_ascii=False)
    text = context.redactor.redact(text)
    limit = context.chat.max_result_chars
    if len(text) > limit:
        text = text[:limit] + (
            f" ... [cut at {limit} of {len(text)} characters: ask for less, e.g. fewer hosts, "
            "an output filter, a smaller limit]"
        )
    return text


def learn_backups(context: ToolContext, limit: int = 5000) -> None:
    """Teach the redactor the secrets of the backed-up configs (once per context).

    Patterns find secrets in config text; once learned from the backups, a secret is also
    replaced where no pattern would see it (``show snmp`` output, a log line).
    """
    if context.cache.get("backups_learned"):
        return
    context.cache["backups_learned"] = True
    folder = context.settings.backups_dir
    if folder.is_dir():
        for path in sorted(folder.glob("*.cfg"))[:limit]:
            context.redactor.learn(path.read_text(encoding="utf-8", errors="replace"))


def call_tool(tools: Mapping[str, Tool], context: ToolContext, call: ToolCall) -> ToolResult:
    """Run one call of the model; never raises (a failure is an ``error`` result)."""
    learn_backups(context)
    try:
        if call.error:
            raise UsageError(call.error)
        tool = tools.get(call.name)
        if tool is None:
            raise UsageError(f"unknown tool {call.name!r}; tools: {', '.join(sorted(tools))}")
        data = tool.run(context, check_arguments(tool.spec, call.arguments))
    except NetautoError as exc:
        error = {"error": str(exc).strip().splitlines()[0] if str(exc).strip() else "failed"}
        return ToolResult(_text(error, context), True, error)
    except Exception as exc:  # a tool bug must not end the conversation
        log.exception("chat tool %s failed", call.name)
        error = {"error": f"internal error in {call.name}: {type(exc).__name__}"}
        return ToolResult(_text(error, context), True, error)
    return ToolResult(_text(data, context), False, data)
