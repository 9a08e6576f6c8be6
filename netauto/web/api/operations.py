"""``/api/operations``, ``/api/runs``: the operations log, filtered and paged; runs."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.security import needs
from netauto.web.state import web_state

bp = Blueprint("operations", __name__)


@bp.get("/operations")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    """Newest first. ``host``, ``type``, ``status``, ``user`` (comma-separated), ``since``,
    ``until`` (30m, 2d or ISO), ``run``; ``limit`` (1..500), ``before`` (the last ``next``)."""
    from netauto.db import browse
    from netauto.web.reads import cursor_of, limit_of, operation_filters
    from netauto.web.serialize import operation, page

    args = request.args
    found = browse.operations(
        web_state().url, **operation_filters(args), before=cursor_of(args), limit=limit_of(args)
    )
    return jsonify(page(found, operation))


def _show(ref: str) -> object:
    from netauto.db.queries import show

    try:
        return show(web_state().url, ref)
    except UsageError as exc:
        raise NotFound(str(exc)) from None


@bp.get("/operations/<ref>")
@needs(Permission.READ)
def detail(ref: str) -> ResponseReturnValue:
    """One operation (id or unique prefix) with its command, result and diff."""
    from netauto.db.queries import OperationRow
    from netauto.web.serialize import operation

    found = _show(ref)
    if not isinstance(found, OperationRow):
        raise NotFound(f"{ref!r} is a run: /api/runs/{ref}")
    return jsonify(operation(found, detail=True))


@bp.get("/runs")
@needs(Permission.READ)
def runs() -> ResponseReturnValue:
    """Newest first; ``runbook``, ``status`` (comma-separated), ``limit``, ``before``."""
    from netauto.db import browse
    from netauto.web.reads import cursor_of, limit_of
    from netauto.web.serialize import page, run

    args = request.args
    found = browse.runs(
        web_state().url,
        runbooks=[n for n in args.get("runbook", "").split(",") if n],
        statuses=[n for n in args.get("status", "").split(",") if n],
        before=cursor_of(args),
        limit=limit_of(args),
    )
    return jsonify(page(found, run))


@bp.get("/runs/<ref>")
@needs(Permission.READ)
def run_detail(ref: str) -> ResponseReturnValue:
    """One run (id or unique prefix) with each host's operations, results and diffs."""
    from netauto.db.queries import RunDetail
    from netauto.web.serialize import run_detail as shape

    found = _show(ref)
    if not isinstance(found, RunDetail):
        raise NotFound(f"{ref!r} is an operation: /api/operations/{ref}")
    return jsonify(shape(found))
