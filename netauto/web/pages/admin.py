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
from netauto.web.state import web_state

bp = Blueprint("admin", __name__, url_prefix="/settings")


@bp.get("/")
@needs(Permission.ADMIN)
def index() -> ResponseReturnValue:
    from netauto.accounts import list_users
    from netauto.web.reads import setting_rows

    state = web_state()
    state.reload()
    return render_template(
        "settings.html", settings=setting_rows(state.settings), users=list_users(state.url)
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
    from netauto.settings_store import store

    state = web_state()
    key = request.form.get("key", "").strip()
    unset = request.form.get("action") == "unset"
    try:
        store(state.url, key, None if unset else request.form.get("value", ""), actor=me())
    except NetautoError as exc:
        return _failed(exc)
    state.reload()
    return _done(f"{key} {'unset' if unset else 'set'}.")


def me() -> str:
    return identity().username


def _not_yourself(email: str, what: str) -> None:
    if email.strip().lower() == identity().email:
        raise UsageError(f"you cannot {what} yourself: ask another admin")


@bp.post("/users")
@needs(Permission.ADMIN)
def add_user() -> ResponseReturnValue:
    from netauto.accounts import add_user, set_password

    form = request.form
    url = web_state().url
    try:
        info = add_user(
            url,
            form.get("email", ""),
            form.get("role", "viewer"),
            actor=me(),
            display_name=form.get("display_name") or None,
            username=form.get("username") or None,
        )
        if form.get("password"):
            set_password(url, info.email, form["password"], actor=me())
    except NetautoError as exc:
        return _failed(exc)
    return _done(f"Added {info.email} as {info.role}.")


@bp.post("/users/<email>")
@needs(Permission.ADMIN)
def change_user(email: str) -> ResponseReturnValue:
    from netauto.accounts import set_active, set_password, set_role

    form = request.form
    url = web_state().url
    action = form.get("action", "")
    try:
        if action == "role":
            _not_yourself(email, "change the role of")
            info = set_role(url, email, form.get("role", ""), actor=me())
            return _done(f"{info.email} is now {info.role}.")
        if action in ("enable", "disable"):
            _not_yourself(email, "disable or enable")
            info = set_active(url, email, action == "enable", actor=me())
            return _done(f"{info.email} {action}d.")
        if action == "password":
            info = set_password(url, email, form.get("password", ""), actor=me())
            if info.email == identity().email:
                log_in(url, identity())  # the session is bound to the old password
            return _done(f"Password of {info.email} set.")
    except NetautoError as exc:
        return _failed(exc)
    return _failed(UsageError(f"unknown action {action!r}"))
