"""``POST /api/runs``: a quick action (check, backup, facts, health) on a selection, started in
the background; ``/api/jobs``: the runs started from this server, with their progress."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.security import identity, needs
from netauto.web.state import web_state

bp = Blueprint("runs", __name__)


def _strings(body: dict[str, Any], key: str) -> tuple[str, ...]:
    value = body.get(key) or []
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{key} must be a list of names")
    return tuple(v.strip() for v in value if v.strip())


def selection_of(body: dict[str, Any]) -> Any:
    from netauto.engine.session import Selection

    filters = body.get("filters") or {}
    if not isinstance(filters, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in filters.items()
    ):
        raise UsageError("filters must be an object of key: value strings")
    return Selection(_strings(body, "hosts"), _strings(body, "groups"), dict(filters))


@bp.post("/runs")
@needs(Permission.CHANGE)
def start() -> ResponseReturnValue:
    """``{"runbook": "backup", "hosts": ["R15"], "groups": [], "filters": {}}``; nothing
    selected means every host. Answers 202 with the job; its progress is on /api/events."""
    from netauto.web.jobs import TooBusy

    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UsageError('send a JSON object: {"runbook": "backup", "hosts": ["R15"]}')
    try:
        job = web_state().jobs.run(
            str(body.get("runbook", "")), selection_of(body), identity().username
        )
    except TooBusy as exc:
        response = jsonify({"error": str(exc)})
        response.status_code = 429
        return response
    response = jsonify(job.to_dict())
    response.status_code = 202
    response.headers["Location"] = url_for("api.runs.job", ident=job.id)
    return response


@bp.get("/jobs")
@needs(Permission.READ)
def jobs() -> ResponseReturnValue:
    return jsonify([job.to_dict() for job in web_state().jobs.recent()])


@bp.get("/jobs/<ident>")
@needs(Permission.READ)
def job(ident: str) -> ResponseReturnValue:
    found = web_state().jobs.get(ident)
    if found is None:
        raise NotFound(f"no job {ident!r} on this server")
    return jsonify(found.to_dict())
