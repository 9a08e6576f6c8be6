"""``/api/schedules``: the schedules; enable, disable and fire one now (operators)."""

from __future__ import annotations

from flask import Blueprint, jsonify, url_for
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.web.security import identity, needs
from netauto.web.state import web_state

bp = Blueprint("schedules", __name__, url_prefix="/schedules")


@bp.get("")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    from netauto.schedule import store
    from netauto.web.serialize import plain

    return jsonify([plain(s.to_dict()) for s in store.all_schedules(web_state().url)])


@bp.get("/<name>")
@needs(Permission.READ)
def detail(name: str) -> ResponseReturnValue:
    """The schedule and its last fires (runs linked to it)."""
    from netauto.schedule import store
    from netauto.web.serialize import plain

    url = web_state().url
    found = store.get(url, name)
    return jsonify({**plain(found.to_dict()), "runs": plain(store.runs_of(url, found.id))})


def _active(name: str, active: bool) -> ResponseReturnValue:
    from netauto.schedule import manage
    from netauto.web.serialize import plain

    state = web_state()
    found = manage.set_active(state.config_file, name, active, user=identity().username)
    return jsonify(plain(found.to_dict()))


@bp.post("/<name>/enable")
@needs(Permission.CHANGE)
def enable(name: str) -> ResponseReturnValue:
    return _active(name, True)


@bp.post("/<name>/disable")
@needs(Permission.CHANGE)
def disable(name: str) -> ResponseReturnValue:
    return _active(name, False)


@bp.post("/<name>/run")
@needs(Permission.CHANGE)
def run(name: str) -> ResponseReturnValue:
    """Fire now, once, as the caller: 202 with the job (its run shows up in /api/events)."""
    from netauto.schedule import store

    state = web_state()
    store.get(state.url, name)  # a one-line 400 for an unknown name, before any thread
    job = state.jobs.fire(name, identity().username)
    response = jsonify(job.to_dict())
    response.status_code = 202
    response.headers["Location"] = url_for("api.runs.job", ident=job.id)
    return response
