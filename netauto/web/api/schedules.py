"""``/api/schedules``: the schedules; add, edit, remove, enable, disable and fire one now
(operators). A schedule that commits changes needs ``"confirm": true`` (:mod:`netauto.web.
schedule_edit`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import UsageError
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


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UsageError(
            'send a JSON object: {"name": "nightly", "runbook": "backup", "cron": "0 2 * * *"}'
        )
    return body


@bp.post("")
@needs(Permission.CHANGE)
def add() -> ResponseReturnValue:
    """``{"name", "runbook", "hosts", "groups", "filters", "options", "cron" or "every",
    "timezone", "description", "confirm"}``: 201 with the schedule."""
    from netauto.web.params import text
    from netauto.web.schedule_edit import apply, from_json

    body = _body()
    name = text(body, "name", required=True) or ""
    found = apply(project(), from_json(name, body, new=True), new=True)
    response = jsonify(found.to_json())
    response.status_code = 201
    response.headers["Location"] = url_for("api.schedules.detail", name=found.name)
    return response


@bp.patch("/<name>")
@needs(Permission.CHANGE)
def edit(name: str) -> ResponseReturnValue:
    """What is given changes (options merge with the same runbook's); the schedule after."""
    from netauto.web.schedule_edit import apply, from_json

    opened = project()
    current = opened.schedules.get(name).runbook
    change = from_json(name, _body(), new=False, current=current)
    return jsonify(apply(opened, change, new=False).to_json())


@bp.delete("/<name>")
@needs(Permission.CHANGE)
def remove(name: str) -> ResponseReturnValue:
    """The schedule removed (its past runs stay in the operations log)."""
    return jsonify(project().schedules.remove(name).to_json())


def _confirmed() -> bool:
    body = request.get_json(silent=True)
    return isinstance(body, dict) and body.get("confirm") is True


@bp.post("/<name>/enable")
@needs(Permission.CHANGE)
def enable(name: str) -> ResponseReturnValue:
    """A schedule that commits changes needs ``{"confirm": true}``."""
    from netauto.web.schedule_edit import check_confirmed

    check_confirmed(project(), name, "enabling it", _confirmed())
    return jsonify(project().schedules.set_active(name, True).to_json())


@bp.post("/<name>/disable")
@needs(Permission.CHANGE)
def disable(name: str) -> ResponseReturnValue:
    return jsonify(project().schedules.set_active(name, False).to_json())


@bp.post("/<name>/run")
@needs(Permission.CHANGE)
def run(name: str) -> ResponseReturnValue:
    """Fire now, once, as the caller: 202 with the job (its run shows up in /api/events).
    A schedule that commits changes needs ``{"confirm": true}``."""
    from netauto.web.schedule_edit import check_confirmed

    check_confirmed(project(), name, "firing it now", _confirmed())
    job = web_state().jobs.fire(name, identity().username)
    response = jsonify(job.to_json())
    response.status_code = 202
    response.headers["Location"] = url_for("api.runs.job", ident=job.id.hex)
    return response
