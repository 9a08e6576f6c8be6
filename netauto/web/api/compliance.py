"""``/api/compliance``: the latest result of each router and feature, and one of them."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.security import needs
from netauto.web.state import project

bp = Blueprint("compliance", __name__, url_prefix="/compliance")


def _names(key: str) -> list[str]:
    return [name for value in request.args.getlist(key) for name in value.split(",") if name]


@bp.get("")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    """``?host=R15,R16&feature=ntp``: the newest result of each router and feature."""
    rows = project().compliance.latest(hosts=_names("host"), features=_names("feature"))
    return jsonify([row.to_json() for row in rows])


@bp.get("/<name>/<feature>")
@needs(Permission.READ)
def detail(name: str, feature: str) -> ResponseReturnValue:
    try:
        row = project().compliance.cell(name, feature)
    except UsageError as exc:
        raise NotFound(str(exc)) from None
    return jsonify(row.to_json())
