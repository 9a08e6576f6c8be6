"""Devices: the list (status, model, uptime, last seen, last backup) and one device's page
with its facts, operations history and backup history with a diff between any two."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.reads import not_found
from netauto.web.security import needs
from netauto.web.state import project

bp = Blueprint("devices", __name__, url_prefix="/devices")


def _rows() -> dict[str, object]:
    return {"devices": project().devices.list()}


def _form_spec() -> dict[str, object]:
    """The add and edit forms' fields as a registry spec (data as ``key=value`` lines)."""
    from netauto.devicefile import data_value

    form = request.form
    data: dict[str, object] = {}
    for line in form.get("data", "").splitlines():
        key, sep, value = line.partition("=")
        if line.strip():
            if not sep or not key.strip():
                raise UsageError(f"data: {line.strip()!r} is not key=value")
            data[key.strip()] = data_value(value, where=f"data {key.strip()}")
    groups = [g for g in form.get("groups", "").replace(",", " ").split() if g]
    return {
        "name": form.get("name", "").strip(),
        "address": form.get("address", "").strip(),
        "port": form.get("port", "").strip() or None,
        "platform": form.get("platform", "").strip() or None,
        "groups": groups,
        "data": data,
        "credential_set": form.get("credential_set", "").strip() or None,
    }


@bp.get("/")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    registry = project().registry
    retired = [entry for entry in registry.list(retired=True) if entry.retired]
    return render_template(
        "devices.html", read_only=registry.read_only_reason, retired=retired, **_rows()
    )


@bp.post("/add")
@needs(Permission.CHANGE)
def add() -> ResponseReturnValue:
    try:
        entry = project().registry.add(_form_spec(), connect=True)
    except UsageError as exc:
        flash(str(exc).splitlines()[0], "danger")
        return redirect(url_for("devices.index"))
    if entry.status == "online":
        flash(f"{entry.name} added: online, {entry.model}, {entry.os_version}.", "success")
    else:
        reason = entry.metadata.get("onboarding", "not tested")
        flash(f"{entry.name} added as offline: {reason}", "warning")
    return redirect(url_for("devices.detail", name=entry.name))


@bp.post("/<name>/edit")
@needs(Permission.CHANGE)
def edit(name: str) -> ResponseReturnValue:
    def change() -> None:
        spec = _form_spec()
        spec.pop("name")
        project().registry.edit(name, spec)

    return _changed(name, change, f"{name} saved.")


@bp.post("/<name>/retire")
@needs(Permission.CHANGE)
def retire(name: str) -> ResponseReturnValue:
    return _changed(
        name,
        lambda: project().registry.retire(name),
        f"{name} retired: in no selection any more; its history stays.",
    )


@bp.post("/<name>/restore")
@needs(Permission.CHANGE)
def restore(name: str) -> ResponseReturnValue:
    return _changed(name, lambda: project().registry.restore(name), f"{name} restored.")


def _changed(name: str, change: Callable[[], object], done: str) -> ResponseReturnValue:
    """Make a registry change from a form; flash what came of it; back to the device."""
    try:
        change()
        flash(done, "success")
    except UsageError as exc:
        flash(str(exc).splitlines()[0], "danger")
    return redirect(url_for("devices.detail", name=name))


@bp.get("/part")
@needs(Permission.READ)
def part() -> ResponseReturnValue:
    return render_template("_devices_rows.html", **_rows())


@bp.get("/<name>")
@needs(Permission.READ)
def detail(name: str) -> ResponseReturnValue:

    from netauto.web.reads import interfaces

    devices = project().devices
    with not_found():
        view = devices.detail(name)
    older, newer = request.args.get("from", ""), request.args.get("to", "")
    if not (older and newer) and len(view.backups) > 1:
        older, newer = view.backups[1].sha, view.backups[0].sha  # the last change
    diff, problem = None, None
    if older and newer:
        try:
            diff = devices.compare_backups(view.device.name, older, newer).diff or "(no difference)"
        except UsageError as exc:
            problem = str(exc)
    registry = project().registry
    entry = None
    with suppress(UsageError):
        entry = registry.get(view.device.name)
    return render_template(
        "device.html",
        entry=entry,
        read_only=registry.read_only_reason,
        view=view,
        interfaces=interfaces(view.facts),
        older=older,
        newer=newer,
        diff=diff,
        problem=problem,
    )
