"""``/api/compliance``: the latest result of each router and feature, and one of them."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.reads import compliance_cell
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


@bp.get("/trend")
@needs(Permission.READ)
def trend() -> ResponseReturnValue:
    """``?days=7`` (1..90): per UTC day, the judgements compliant, not, and errors."""
    days = request.args.get("days", "7")
    if not days.isdigit() or not 1 <= int(days) <= 90:
        raise UsageError(f"days must be 1 to 90, got {days!r}")
    return jsonify([day.to_json() for day in project().compliance.trend(days=int(days))])


@bp.get("/<name>/<feature>")
@needs(Permission.READ)
def detail(name: str, feature: str) -> ResponseReturnValue:
    return jsonify(compliance_cell(name, feature).to_json())
