"""Devices: the list (status, model, uptime, last seen, last backup) and one device's page
with its facts, operations history and backup history with a diff between any two."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.security import needs
from netauto.web.state import project

bp = Blueprint("devices", __name__, url_prefix="/devices")


def _rows() -> dict[str, object]:
    return {"devices": project().devices.list()}


@bp.get("/")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    return render_template("devices.html", **_rows())


@bp.get("/part")
@needs(Permission.READ)
def part() -> ResponseReturnValue:
    return render_template("_devices_rows.html", **_rows())


@bp.get("/<name>")
@needs(Permission.READ)
def detail(name: str) -> ResponseReturnValue:
    from werkzeug.exceptions import NotFound

    from netauto.web.reads import interfaces

    devices = project().devices
    try:
        view = devices.detail(name)
    except UsageError as exc:
        raise NotFound(str(exc)) from None
    older, newer = request.args.get("from", ""), request.args.get("to", "")
    if not (older and newer) and len(view.backups) > 1:
        older, newer = view.backups[1].sha, view.backups[0].sha  # the last change
    diff, problem = None, None
    if older and newer:
        try:
            diff = devices.compare_backups(view.device.name, older, newer).diff or "(no difference)"
        except UsageError as exc:
            problem = str(exc)
    return render_template(
        "device.html",
        view=view,
        interfaces=interfaces(view.facts),
        older=older,
        newer=newer,
        diff=diff,
        problem=problem,
    )
