"""Log in with a user's email (or username) and password; log out. No default account."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from netauto.exceptions import PermissionDenied
from netauto.web.security import PUBLIC, current, log_in, needs, safe_next
from netauto.web.state import project, web_state

bp = Blueprint("auth", __name__)


def _anyone_can_log_in() -> bool:
    return any(user.active and user.has_password for user in project().users.list())


@bp.route("/login", methods=["GET", "POST"])
@needs(PUBLIC)
def login() -> ResponseReturnValue:
    state = web_state()
    target = safe_next(request.args.get("next"))
    if request.method == "GET" and current() is not None:
        return redirect(target)
    error, status = None, 200
    name = request.form.get("email", "").strip()
    if request.method == "POST":
        if not name or state.throttle.blocked(name):
            error, status = "Too many failed attempts: wait a few minutes.", 429
            if not name:
                error, status = "Give your email and password.", 400
        else:
            try:
                found = project().users.check_password(name, request.form.get("password", ""))
            except PermissionDenied:
                state.throttle.failed(name)
                error, status = "Wrong email or password, or the user is disabled.", 401
            else:
                state.throttle.succeeded(name)
                log_in(found)
                return redirect(target)
    return (
        render_template(
            "login.html",
            error=error,
            email=name,
            nobody=not _anyone_can_log_in(),
        ),
        status,
    )


@bp.post("/logout")
@needs(PUBLIC)
def logout() -> ResponseReturnValue:
    session.clear()
    return redirect(url_for("auth.login"))
