"""The dashboard: device counts, status doughnut, 7-day timeline, recent operations, last runs,
health figures of the last health run, and the quick actions for operators."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.web.security import needs
from netauto.web.state import project, web_state

bp = Blueprint("dashboard", __name__)


def _context() -> dict[str, object]:
    from netauto.web.serialize import overview as shape

    found = project().operations.overview(cache=web_state().timeline)
    return {"overview": found, "data": shape(found)}


@bp.get("/")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    trend = project().compliance.trend(days=7)
    shown = trend if any(day.judged for day in trend) else []
    return render_template("dashboard.html", compliance=shown, **_context())


@bp.get("/dashboard/part")
@needs(Permission.READ)
def part() -> ResponseReturnValue:
    """The live part of the dashboard, re-read when the operations log changes."""
    return render_template("_dashboard_live.html", **_context())
