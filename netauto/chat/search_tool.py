"""The assistant's ``search`` tool: the fleet's history, to ground answers in it.

It calls the same library as ``netauto search`` and ``GET /api/search`` (through the
project, so what is new is indexed first) and adds ``sources``: one citation per hit
(``R15@1a2b3c4`` for a config line's versions, ``run 3f2c0a1b``, ``doc project:file.md#x``)
that the system prompt asks the model to name in its answer.
"""

from __future__ import annotations

from typing import Any

from netauto.ai.messages import ToolSpec
from netauto.chat.lookups import project_of
from netauto.chat.tools import Tool, ToolContext, schema


def _sources(data: dict[str, Any]) -> list[str]:
    found = []
    for hit in data["config"]:
        first, last = hit["first"], hit["last"]
        span = first["short"] if first == last else f"{first['short']}..{last['short']}"
        now = "still configured" if hit["current"] else f"gone after {last['short']}"
        found.append(f"{hit['router']}@{span} ({first['at'][:10]} to {last['at'][:10]}, {now})")
    found += [f"run {hit['ref'][:8]}: {hit['title']}" for hit in data["runs"]]
    found += [f"doc {hit['ref']}" for hit in data["docs"]]
    return found


def search(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    results = project_of(context).search.find(
        str(args["query"]),
        router=str(args.get("router") or "").strip() or None,
        since=str(args.get("since") or ""),
        kind=args.get("kind"),
        limit=int(args.get("limit") or 10),
        server=True,
    )
    data = results.to_json()
    data["routers"] = results.routers
    data["sources"] = _sources(data)
    return data


SEARCH_TOOL = Tool(
    ToolSpec(
        "search",
        "Search every backup version of every router, every run and the team's documents. "
        "query: an IPv4 address (192.0.2.50) or block (10.0.0.0/8) finds the routers "
        "configuring it; IOS words (ip http server) find config lines with the first and last "
        "backup version (commit) holding them; text finds runs and document sections. "
        "Cite the returned sources.",
        schema(
            {
                "query": {"type": "string"},
                "router": {"type": "string"},
                "since": {"type": "string", "description": "an age (7d) or an ISO time"},
                "kind": {"type": "string", "enum": ["config", "runs", "docs"]},
                "limit": {"type": "integer", "minimum": 1, "maximum": 50},
            },
            ("query",),
        ),
    ),
    search,
)
