"""``GET /api/search``: backups, runs and documents (docs/search.md)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.web.security import needs
from netauto.web.state import project

bp = Blueprint("search", __name__)


@bp.get("/search")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    """``q`` (an address, a block, IOS words or text); ``router``, ``since`` (30m, 7d or
    ISO), ``kind`` (config, runs or docs), ``limit`` (1..500, 20 by default)."""
    from netauto.exceptions import UsageError
    from netauto.web.searching import results_json

    args = request.args
    try:
        limit = int(args.get("limit", "20"))
    except ValueError:
        raise UsageError("limit must be a whole number") from None
    results = project().search.find(
        args.get("q", ""),
        router=args.get("router", "").strip() or None,
        since=args.get("since", ""),
        kind=args.get("kind", "").strip() or None,
        limit=limit,
        server=True,
    )
    return jsonify(results_json(results))
