"""``/api/operations``, ``/api/runs``: the operations log, filtered and paged; runs."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from netauto.auth import Permission
from netauto.db.rows import OperationRow, RunDetail
from netauto.web.reads import not_found
from netauto.web.security import needs
from netauto.web.state import project

bp = Blueprint("operations", __name__)


@bp.get("/operations")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    """Newest first. ``host``, ``type``, ``status``, ``user`` (comma-separated), ``since``,
    ``until`` (30m, 2d or ISO), ``run``; ``limit`` (1..500), ``before`` (the last ``next``)."""
    from netauto.web.reads import cursor_of, limit_of, operation_filters

    args = request.args
    found = project().operations.page(
        **operation_filters(args), before=cursor_of(args), limit=limit_of(args)
    )
    return jsonify(found.to_json())


def _show(ref: str) -> RunDetail | OperationRow:
    with not_found():
        return project().operations.show(ref)


@bp.get("/operations/<ref>")
@needs(Permission.READ)
def detail(ref: str) -> ResponseReturnValue:
    """One operation (id or unique prefix) with its command, result and diff."""
    found = _show(ref)
    if not isinstance(found, OperationRow):
        raise NotFound(f"{ref!r} is a run: /api/runs/{ref}")
    return jsonify(found.to_json(detail=True))


@bp.get("/runs")
@needs(Permission.READ)
def runs() -> ResponseReturnValue:
    """Newest first; ``runbook``, ``status`` (comma-separated), ``limit``, ``before``."""
    from netauto.web.reads import cursor_of, limit_of

    args = request.args
    found = project().runs.page(
        runbooks=[n for n in args.get("runbook", "").split(",") if n],
        statuses=[n for n in args.get("status", "").split(",") if n],
        before=cursor_of(args),
        limit=limit_of(args),
    )
    return jsonify(found.to_json())


@bp.get("/runs/<ref>")
@needs(Permission.READ)
def run_detail(ref: str) -> ResponseReturnValue:
    """One run (id or unique prefix) with each host's operations, results and diffs."""
    found = _show(ref)
    if not isinstance(found, RunDetail):
        raise NotFound(f"{ref!r} is an operation: /api/operations/{ref}")
    return jsonify(found.to_json())
