"""``/api/schedules``: the schedules; enable, disable and fire one now (operators)."""

from __future__ import annotations

from flask import Blueprint, jsonify, url_for
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.web.security import identity, needs
from netauto.web.state import project, web_state

bp = Blueprint("schedules", __name__, url_prefix="/schedules")


@bp.get("")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    return jsonify([s.to_json() for s in project().schedules.list()])


@bp.get("/<name>")
@needs(Permission.READ)
def detail(name: str) -> ResponseReturnValue:
    """The schedule and its last fires (runs linked to it)."""
    schedules = project().schedules
    found = schedules.get(name)
    runs = [run.to_json() for run in schedules.runs(found.name)]
    return jsonify({**found.to_json(), "runs": runs})


@bp.post("/<name>/enable")
@needs(Permission.CHANGE)
def enable(name: str) -> ResponseReturnValue:
    return jsonify(project().schedules.set_active(name, True).to_json())


@bp.post("/<name>/disable")
@needs(Permission.CHANGE)
def disable(name: str) -> ResponseReturnValue:
    return jsonify(project().schedules.set_active(name, False).to_json())


@bp.post("/<name>/run")
@needs(Permission.CHANGE)
def run(name: str) -> ResponseReturnValue:
    """Fire now, once, as the caller: 202 with the job (its run shows up in /api/events)."""
    project().schedules.get(name)  # a one-line 400 for an unknown name, before any thread
    job = web_state().jobs.fire(name, identity().username)
    response = jsonify(job.to_json())
    response.status_code = 202
    response.headers["Location"] = url_for("api.runs.job", ident=job.id.hex)
    return response
