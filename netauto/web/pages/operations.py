"""Operations: the log filtered by host, type, status, user and time; runs; a run's page with
each host's result and diff; one operation."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.reads import not_found
from netauto.web.security import needs
from netauto.web.state import project

bp = Blueprint("operations", __name__, url_prefix="/operations")
FILTERS = ("host", "type", "status", "user", "since", "until")


def _page() -> dict[str, Any]:
    from netauto.db.browse import Page
    from netauto.web.reads import cursor_of, limit_of, operation_filters

    args = request.args
    shown = {name: args.get(name, "") for name in FILTERS}
    try:
        found = project().operations.page(
            **operation_filters(args),
            before=cursor_of(args),
            limit=limit_of(args),
        )
        problem = None
    except UsageError as exc:
        found, problem = Page([], None), str(exc)
    return {
        "page": found,
        "filters": shown,
        "query": {name: value for name, value in shown.items() if value},
        "problem": problem,
        "paged": bool(args.get("before")),
    }


@bp.get("/")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    known = project().operations.known_values()
    return render_template("operations.html", known=known, **_page())


@bp.get("/part")
@needs(Permission.READ)
def part() -> ResponseReturnValue:
    return render_template("_operations_rows.html", **_page())


@bp.get("/runs")
@needs(Permission.READ)
def runs() -> ResponseReturnValue:
    from netauto.engine.registry import declared
    from netauto.web.reads import cursor_of

    runbook, status = request.args.get("runbook", ""), request.args.get("status", "")
    found = project().runs.page(
        runbooks=[runbook] if runbook else (),
        statuses=[status] if status else (),
        before=cursor_of(request.args),
        limit=50,
    )
    filters = {"runbook": runbook, "status": status}
    return render_template(
        "runs.html",
        page=found,
        filters=filters,
        query={name: value for name, value in filters.items() if value},
        runbooks=sorted(declared()),
        statuses=["running", "success", "failed", "skipped"],
    )


def _shown(ref: str) -> dict[str, Any]:
    from netauto.db.rows import RunDetail

    with not_found():
        found = project().operations.show(ref)
    if isinstance(found, RunDetail):
        return {"run": found, "operation": None}
    return {"run": None, "operation": found}


@bp.get("/<ref>")
@needs(Permission.READ)
def detail(ref: str) -> ResponseReturnValue:
    return render_template("run.html", ref=ref, **_shown(ref))


@bp.get("/<ref>/part")
@needs(Permission.READ)
def detail_part(ref: str) -> ResponseReturnValue:
    return render_template("_run_body.html", ref=ref, **_shown(ref))
