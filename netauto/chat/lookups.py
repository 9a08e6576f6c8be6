"""Tools that read what netauto already knows: devices, the operations log, runs, backups.

None of them contacts a router. They read through the project (``netauto.project``): the
device list is ``network_devices`` kept in step with the inventory (read once per session,
through the engine, no run opened), each row in its one JSON shape (``to_json()``), the
same as the web API's and the command line's ``--json``.
"""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING, Any

from netauto.ai.messages import ToolSpec
from netauto.chat.tools import Tool, ToolContext, schema
from netauto.db.rows import RunDetail, jsonable
from netauto.exceptions import UsageError

if TYPE_CHECKING:
    from netauto.engine.inventory import InventoryHost
    from netauto.project import Project

STATUSES = ["online", "offline", "warning", "unknown"]


def project_of(context: ToolContext) -> Project:
    """The project of the session's settings, acting as its user (one per context)."""
    from netauto.project import Project

    found: Project | None = context.cache.get("project")
    if found is None:
        found = context.cache["project"] = Project(context.settings, user=context.username)
    return found


def inventory(context: ToolContext) -> dict[str, InventoryHost]:
    """The inventory's hosts, read once per session (network_devices synced with it)."""
    if "inventory" not in context.cache:
        context.cache["inventory"] = project_of(context).inventory(sync=True)
    found: dict[str, InventoryHost] = context.cache["inventory"]
    return found


def _groups(hosts: dict[str, InventoryHost], name: str) -> tuple[str, ...]:
    host = hosts.get(name)
    return host.groups if host is not None else ()


def list_devices(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    hosts = inventory(context)
    rows = project_of(context).devices.list()
    name = str(args.get("name") or "").lower()
    model = str(args.get("model") or "").lower()
    group = args.get("group")
    kept = [
        row
        for row in rows
        if (not args.get("status") or row.status == args["status"])
        and (not model or model in row.model.lower())
        and (
            not name
            or (
                fnmatch.fnmatch(row.name.lower(), name) if "*" in name else name in row.name.lower()
            )
        )
        and (not group or group in _groups(hosts, row.name))
    ]
    counts: dict[str, int] = {}
    for row in kept:
        counts[row.status] = counts.get(row.status, 0) + 1
    limit = int(args.get("limit") or 200)
    return {
        "total_devices": len(rows),
        "matched": len(kept),
        "by_status": counts,
        "devices": [row.to_json() for row in kept[:limit]],
    }


def device_detail(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    """The device, its inventory entry (groups, data), its last backups and operations."""
    name = str(args["name"]).strip()
    hosts = inventory(context)
    project = project_of(context)
    row = next((r for r in project.devices.list() if r.name.lower() == name.lower()), None)
    if row is None:
        raise UsageError(f"no device named {name!r} (list_devices shows them)")
    detail = row.to_json()
    if row.name in hosts:
        detail.update(hosts[row.name].to_json())
    detail["backups"] = jsonable(project.devices.backups(row.name, limit=5))
    detail["recent_operations"] = [
        op.to_json() for op in project.operations.query(hosts=[row.name], limit=10)
    ]
    return detail


def query_operations(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    from netauto.db.queries import parse_when

    since = parse_when(args["since"], option="since") if args.get("since") else None
    until = parse_when(args["until"], option="until") if args.get("until") else None
    rows = project_of(context).operations.query(
        hosts=args.get("hosts") or (),
        types=args.get("types") or (),
        statuses=[args["status"]] if args.get("status") else (),
        run=args.get("run"),
        since=since,
        until=until,
        limit=int(args.get("limit") or 20),
    )
    return {"count": len(rows), "operations": [row.to_json() for row in rows]}


def run_results(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    found = project_of(context).operations.show(str(args["run"]))
    if not isinstance(found, RunDetail):
        return {"operation": found.to_json(detail=True)}
    return {
        "run": found.run.to_json(),
        "operations": [op.to_json(detail=True) for op in found.operations],
    }


def backup_diff(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    # Not masked: the redactor replaces each secret by a placeholder the model can refer to.
    found = project_of(context).devices.compare_backups(
        str(args["host"]), args.get("older"), args.get("newer"), masked=False
    )
    return {
        "host": found.host,
        "versions": jsonable(found.versions),
        "older": found.older[:10],
        "newer": found.newer[:10],
        "diff": found.diff or "(no difference)",
    }


def recent_events(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    """The event stream (diffs masked, as stored): routers down/up, failed runs, changes."""
    rows = project_of(context).notify.events(
        limit=int(args.get("limit") or 20), router=args.get("router") or None
    )
    kinds = set(args.get("kinds") or ())
    kept = [row.to_json() for row in rows if not kinds or row.kind in kinds]
    return {"count": len(kept), "events": kept}


_TEXT = {"type": "string"}
_NAMES = {"type": "array", "items": {"type": "string"}}
LOOKUP_TOOLS = [
    Tool(
        ToolSpec(
            "list_devices",
            "List the routers with status, model, uptime, last seen and last backup. Filters: "
            "status, model (substring), name (substring or glob like R1*), inventory group.",
            schema(
                {
                    "status": {"type": "string", "enum": STATUSES},
                    "model": _TEXT,
                    "name": _TEXT,
                    "group": _TEXT,
                    "limit": {"type": "integer", "minimum": 1, "maximum": 1000},
                }
            ),
        ),
        list_devices,
    ),
    Tool(
        ToolSpec(
            "device_detail",
            "One router in detail: address, platform, groups, inventory data, facts metadata, "
            "its last backups (commits) and its 10 most recent operations.",
            schema({"name": _TEXT}, ("name",)),
        ),
        device_detail,
    ),
    Tool(
        ToolSpec(
            "query_operations",
            "Search the operations log, newest first (20 by default). since/until: an age "
            "(30m, 12h, 2d) or an ISO time. types: e.g. config_backup, facts, show_command, "
            "config_deploy, config_commit, reachability_check, health_check, ai_generate.",
            schema(
                {
                    "hosts": _NAMES,
                    "types": _NAMES,
                    "status": {"type": "string", "enum": ["success", "failed", "running"]},
                    "run": {"type": "string", "description": "a run id or its prefix"},
                    "since": _TEXT,
                    "until": _TEXT,
                    "limit": {"type": "integer", "minimum": 1, "maximum": 200},
                }
            ),
        ),
        query_operations,
    ),
    Tool(
        ToolSpec(
            "run_results",
            "One run (or operation) by id or unique prefix: arguments, user, and each host's "
            "result, error and diff.",
            schema({"run": _TEXT}, ("run",)),
        ),
        run_results,
    ),
    Tool(
        ToolSpec(
            "backup_diff",
            "Diff a router's backed-up config between two backups (git commits); by default "
            "the last two. Lists the available versions.",
            schema(
                {"host": _TEXT, "older": _TEXT, "newer": _TEXT},
                ("host",),
            ),
        ),
        backup_diff,
    ),
    Tool(
        ToolSpec(
            "recent_events",
            "The latest events, newest first: router_down/router_up/router_warning, run_failed, "
            "config_changed, config_changed_outside (a change no netauto run explains, with "
            "who and the masked diff), compliance_dropped, link_down, login_failed...",
            schema(
                {
                    "router": _TEXT,
                    "kinds": _NAMES,
                    "limit": {"type": "integer", "minimum": 1, "maximum": 200},
                }
            ),
        ),
        recent_events,
    ),
]
