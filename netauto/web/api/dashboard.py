"""``/api/me``, ``/api/dashboard``: who is asking; the dashboard's figures."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.web.security import identity, needs
from netauto.web.state import project, web_state

bp = Blueprint("dashboard", __name__)


@bp.get("/me")
@needs(Permission.READ)
def me() -> ResponseReturnValue:
    found = identity()
    return jsonify(
        {
            "id": str(found.id),
            "username": found.username,
            "email": found.email,
            "role": found.role,
            "permissions": [p.value for p in Permission if found.can(p)],
        }
    )


@bp.get("/dashboard")
@needs(Permission.READ)
def dashboard() -> ResponseReturnValue:
    from netauto.web.serialize import overview as shape

    return jsonify(shape(project().operations.overview(cache=web_state().timeline)))
