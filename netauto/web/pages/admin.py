"""Settings and users, for admins: what ``netauto settings`` and ``netauto users`` do.

Secret settings are shown as ``<set>`` and never sent back to a page; a new secret value can
be typed in (it is stored encrypted). Every change is audited by the library, as the admin.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import NetautoError, UsageError
from netauto.web.security import identity, log_in, needs
from netauto.web.state import project

bp = Blueprint("admin", __name__, url_prefix="/settings")


@bp.get("/")
@needs(Permission.ADMIN)
def index() -> ResponseReturnValue:
    opened = project()
    opened.reload()  # another process may have stored one
    return render_template(
        "settings.html",
        settings=opened.settings_table.rows(),
        users=opened.users.list(),
    )


def _done(message: str) -> ResponseReturnValue:
    flash(message, "success")
    return redirect(url_for("admin.index"))


def _failed(exc: NetautoError) -> ResponseReturnValue:
    flash(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, "danger")
    return redirect(url_for("admin.index"))


@bp.post("/set")
@needs(Permission.ADMIN)
def set_setting() -> ResponseReturnValue:
    table = project().settings_table
    key = request.form.get("key", "").strip()
    unset = request.form.get("action") == "unset"
    try:
        if unset:
            table.unset(key)
        else:
            table.set(key, request.form.get("value", ""))
    except NetautoError as exc:
        return _failed(exc)
    return _done(f"{key} {'unset' if unset else 'set'}.")


def _not_yourself(name: str, what: str) -> None:
    """Refuse a change of one's own role or state, however the user is named."""
    if project().users.find(name).id == identity().id:
        raise UsageError(f"you cannot {what} yourself: ask another admin")


@bp.post("/users")
@needs(Permission.ADMIN)
def add_user() -> ResponseReturnValue:
    form = request.form
    try:
        info = project().users.add(
            form.get("email", ""),
            form.get("role", "viewer"),
            display_name=form.get("display_name") or None,
            username=form.get("username") or None,
            password=form.get("password") or None,
        )
    except NetautoError as exc:
        return _failed(exc)
    return _done(f"Added {info.email} as {info.role}.")


@bp.post("/users/<email>")
@needs(Permission.ADMIN)
def change_user(email: str) -> ResponseReturnValue:
    form = request.form
    accounts = project().users
    action = form.get("action", "")
    try:
        if action == "role":
            _not_yourself(email, "change the role of")
            info = accounts.set_role(email, form.get("role", ""))
            return _done(f"{info.email} is now {info.role}.")
        if action in ("enable", "disable"):
            _not_yourself(email, "disable or enable")
            info = accounts.set_active(email, action == "enable")
            return _done(f"{info.email} {action}d.")
        if action == "password":
            info = accounts.set_password(email, form.get("password", ""))
            if info.id == identity().id:
                log_in(identity())  # the session is bound to the old password
            return _done(f"Password of {info.email} set.")
    except NetautoError as exc:
        return _failed(exc)
    return _failed(UsageError(f"unknown action {action!r}"))
