"""Automation: the schedules with next and last run and status; operators enable, disable and
fire them (through :mod:`netauto.schedule.manage`, as the command line does)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import NetautoError
from netauto.web.security import identity, needs
from netauto.web.state import project, web_state

bp = Blueprint("automation", __name__, url_prefix="/automation")


def _schedules() -> list[object]:
    return list(project().schedules.list())


@bp.get("/")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    return render_template("automation.html", schedules=_schedules())


@bp.get("/part")
@needs(Permission.READ)
def part() -> ResponseReturnValue:
    return render_template("_automation_rows.html", schedules=_schedules())


def _set_active(name: str, active: bool) -> ResponseReturnValue:
    try:
        found = project().schedules.set_active(name, active)
        flash(f"Schedule {found.name} {'enabled' if active else 'disabled'}.", "success")
    except NetautoError as exc:
        flash(str(exc).splitlines()[0], "danger")
    return redirect(url_for("automation.index"))


@bp.post("/<name>/enable")
@needs(Permission.CHANGE)
def enable(name: str) -> ResponseReturnValue:
    return _set_active(name, True)


@bp.post("/<name>/disable")
@needs(Permission.CHANGE)
def disable(name: str) -> ResponseReturnValue:
    return _set_active(name, False)


@bp.post("/<name>/run")
@needs(Permission.CHANGE)
def run(name: str) -> ResponseReturnValue:
    try:
        project().schedules.get(name)
        web_state().jobs.fire(name, identity().username)
        flash(f"Schedule {name} fired: its run shows up below and in Operations.", "success")
    except NetautoError as exc:
        flash(str(exc).splitlines()[0], "danger")
    return redirect(url_for("automation.index"))
