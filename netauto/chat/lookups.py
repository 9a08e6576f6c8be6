"""Tools that read what netauto already knows: devices, the operations log, runs, backups.

None of them contacts a router. The device list is the inventory synced into
``network_devices`` (once per session), with each router's last successful backup.
"""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from netauto.ai.messages import ToolSpec
from netauto.chat.tools import Tool, ToolContext, schema
from netauto.exceptions import UsageError
from netauto.text import plural

STATUSES = ["online", "offline", "warning", "unknown"]
_HOST = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def _iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def inventory(context: ToolContext) -> dict[str, dict[str, Any]]:
    """The inventory's hosts (address, platform, groups, data), synced into network_devices."""
    if "inventory" not in context.cache:
        from netauto import init_nornir
        from netauto.db.devices import sync_inventory
        from netauto.db.migrate import ensure_schema

        nr = init_nornir(context.settings.config_file, record=False, user=context.username)
        hosts = {
            name: {
                "address": host.hostname,
                "platform": host.platform,
                "groups": [group.name for group in host.groups],
                "data": dict(host.data),
            }
            for name, host in nr.inventory.hosts.items()
        }
        ensure_schema(context.url)
        sync_inventory(
            context.url,
            [(name, h.hostname or "", h.platform) for name, h in nr.inventory.hosts.items()],
        )
        context.cache["inventory"] = hosts
    found: dict[str, dict[str, Any]] = context.cache["inventory"]
    return found


def _device(row: Any, backups: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": row.name,
        "address": row.ip_address,
        "status": row.status,
        "model": row.model,
        "uptime_seconds": row.uptime_seconds,
        "last_seen": _iso(row.last_seen),
        "last_backup": _iso(backups.get(row.name)),
    }


def list_devices(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    from netauto.db.devices import list_devices as rows_of
    from netauto.db.queries import last_success

    hosts = inventory(context)
    backups = last_success(context.url, "config_backup")
    rows = rows_of(context.url)
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
        and (not group or group in hosts.get(row.name, {}).get("groups", []))
    ]
    counts: dict[str, int] = {}
    for row in kept:
        counts[row.status] = counts.get(row.status, 0) + 1
    limit = int(args.get("limit") or 200)
    return {
        "total_devices": len(rows),
        "matched": len(kept),
        "by_status": counts,
        "devices": [_device(row, backups) for row in kept[:limit]],
    }


def device_detail(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    from netauto.backups import versions
    from netauto.db.devices import list_devices as rows_of
    from netauto.db.queries import last_success, list_operations

    name = str(args["name"]).strip()
    hosts = inventory(context)
    row = next((r for r in rows_of(context.url) if r.name.lower() == name.lower()), None)
    if row is None:
        raise UsageError(f"no device named {name!r} (list_devices shows them)")
    detail = _device(row, last_success(context.url, "config_backup"))
    detail.update(platform=row.platform, metadata=row.metadata_ or {}, **hosts.get(row.name, {}))
    detail["backups"] = [
        {"commit": v.sha[:10], "date": v.date, "subject": v.subject}
        for v in versions(context.settings.backups_dir, f"{row.name}.cfg", limit=5)
    ]
    detail["recent_operations"] = [
        _operation(op) for op in list_operations(context.url, hosts=[row.name], limit=10)
    ]
    return detail


def _operation(row: Any) -> dict[str, Any]:
    return {
        "id": row.id.hex[:12],
        "run": row.run_id.hex[:8] if row.run_id else None,
        "runbook": row.runbook,
        "host": row.host,
        "type": row.operation_type,
        "status": row.status,
        "at": _iso(row.created_at),
        "ms": row.execution_time_ms,
        "changed": row.changed,
        "user": row.username,
        "error": row.error_message,
    }


def query_operations(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    from netauto.db.queries import list_operations, parse_when

    since = parse_when(args["since"], option="since") if args.get("since") else None
    until = parse_when(args["until"], option="until") if args.get("until") else None
    rows = list_operations(
        context.url,
        hosts=args.get("hosts") or (),
        types=args.get("types") or (),
        statuses=[args["status"]] if args.get("status") else (),
        run=args.get("run"),
        since=since,
        until=until,
        limit=int(args.get("limit") or 30),
    )
    return {"count": len(rows), "operations": [_operation(row) for row in rows]}


def run_results(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    from netauto.db.queries import RunDetail, show

    found = show(context.url, str(args["run"]))
    if not isinstance(found, RunDetail):
        return {"operation": {**_operation(found), "result": found.result, "diff": found.diff}}
    run = found.run
    return {
        "run": {
            "id": run.id.hex,
            "runbook": run.runbook,
            "user": run.username,
            "arguments": run.arguments,
            "started": _iso(run.started_at),
            "finished": _iso(run.finished_at),
            "status": run.status,
            "hosts": {"total": run.hosts_total, "ok": run.hosts_ok, "failed": run.hosts_failed},
        },
        "operations": [
            {**_operation(op), "result": op.result, "diff": op.diff} for op in found.operations
        ],
    }


def backup_diff(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    from netauto.backups import file_diff, versions

    host = str(args["host"]).strip()
    if not _HOST.match(host):
        raise UsageError(f"{host!r} is not a router name")
    folder, filename = context.settings.backups_dir, f"{host}.cfg"
    found = versions(folder, filename, limit=20)
    newer = args.get("newer") or (found[0].sha if found else None)
    older = args.get("older") or (found[1].sha if len(found) > 1 else None)
    if older is None or newer is None:
        raise UsageError(f"{host} has {plural(len(found), 'backup version')}: nothing to compare")
    return {
        "host": host,
        "versions": [{"commit": v.sha[:10], "date": v.date, "subject": v.subject} for v in found],
        "older": older[:10],
        "newer": newer[:10],
        "diff": file_diff(folder, filename, older.lower(), newer.lower()) or "(no difference)",
    }


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
            "Search the operations log, newest first. since/until: an age (30m, 12h, 2d) or an "
            "ISO time. types: e.g. config_backup, facts, show_command, config_deploy, "
            "config_commit, reachability_check, health_check, ai_generate.",
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
]
