"""Automation: the schedules with next and last run and status; operators add, edit, remove,
enable, disable and fire them (through :mod:`netauto.schedule.manage`, as the command line
does). A schedule that commits changes is saved only after a confirmation page."""

from __future__ import annotations

import shlex
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import NetautoError
from netauto.schedule.timing import format_every
from netauto.text import first_line
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


def _asked(name: str, what: str) -> ResponseReturnValue | None:
    """The confirmation page when the schedule commits and ``what`` is not confirmed yet."""
    from netauto.web.schedule_edit import NeedsConfirm, check_confirmed

    try:
        check_confirmed(project(), name, what, request.form.get("confirm") == "yes")
    except NeedsConfirm as exc:
        return render_template(
            "schedule_confirm.html",
            schedule=project().schedules.get(name),
            what=what,
            message=str(exc),
            action=request.path,
        )
    except NetautoError as exc:
        flash(first_line(exc), "danger")
        return redirect(url_for("automation.index"))
    return None


def _set_active(name: str, active: bool) -> ResponseReturnValue:
    if active and (page := _asked(name, "enabling it")) is not None:
        return page
    try:
        found = project().schedules.set_active(name, active)
        flash(f"Schedule {found.name} {'enabled' if active else 'disabled'}.", "success")
    except NetautoError as exc:
        flash(first_line(exc), "danger")
    return redirect(url_for("automation.index"))


def _form_page(
    *, name: str | None, values: dict[str, Any], confirm: bool = False, problem: str | None = None
) -> ResponseReturnValue:
    from netauto.engine.registry import declared

    page = render_template(
        "schedule_form.html",
        name=name,
        values=values,
        runbooks=sorted(declared()),
        confirm=confirm,
        problem=problem,
    )
    return page, 400 if problem else 200


def _values_of(schedule: Any) -> dict[str, Any]:
    from netauto.schedule.runbooks import option_tokens

    chosen, timing = schedule.selection, schedule.timing
    return {
        "name": schedule.name,
        "runbook": schedule.runbook,
        "hosts": ",".join(chosen.hosts),
        "groups": ",".join(chosen.groups),
        "filters": ",".join(f"{key}={value}" for key, value in chosen.filters.items()),
        "options": " ".join(
            shlex.quote(t) for t in option_tokens(schedule.runbook, schedule.options)
        ),
        "cron": timing.cron or "",
        "every": format_every(timing.every) if timing.every else "",
        "timezone": timing.timezone or "",
        "description": schedule.description or "",
    }


def _save(name: str | None) -> ResponseReturnValue:
    from netauto.web.schedule_edit import NeedsConfirm, apply, from_form

    form = {key: value.strip() for key, value in request.form.items() if key != "csrf_token"}
    new = name is None
    chosen = form.get("name", "") if new else str(name)
    try:
        saved = apply(project(), from_form(chosen, form, new=new), new=new)
    except NeedsConfirm:
        return _form_page(name=name, values=form, confirm=True)
    except NetautoError as exc:
        return _form_page(name=name, values=form, problem=str(exc).splitlines()[0])
    flash(f"Schedule {saved.name} {'added' if new else 'saved'}.", "success")
    return redirect(url_for("automation.index"))


@bp.get("/new")
@needs(Permission.CHANGE)
def new() -> ResponseReturnValue:
    return _form_page(name=None, values={"runbook": "backup"})


@bp.post("/new")
@needs(Permission.CHANGE)
def add() -> ResponseReturnValue:
    return _save(None)


@bp.get("/<name>/edit")
@needs(Permission.CHANGE)
def edit(name: str) -> ResponseReturnValue:
    try:
        found = project().schedules.get(name)
    except NetautoError as exc:
        flash(first_line(exc), "danger")
        return redirect(url_for("automation.index"))
    return _form_page(name=found.name, values=_values_of(found))


@bp.post("/<name>/edit")
@needs(Permission.CHANGE)
def save(name: str) -> ResponseReturnValue:
    return _save(name)


@bp.post("/<name>/remove")
@needs(Permission.CHANGE)
def remove(name: str) -> ResponseReturnValue:
    try:
        found = project().schedules.remove(name)
        flash(f"Schedule {found.name} removed; its past runs stay in Operations.", "success")
    except NetautoError as exc:
        flash(first_line(exc), "danger")
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
    if (page := _asked(name, "firing it now")) is not None:
        return page
    try:
        project().schedules.get(name)
        web_state().jobs.fire(name, identity().username)
        flash(f"Schedule {name} fired: its run shows up below and in Operations.", "success")
    except NetautoError as exc:
        flash(first_line(exc), "danger")
    return redirect(url_for("automation.index"))
