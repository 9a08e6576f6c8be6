"""Log in with a user's email (or username) and password; log out. No default account.

Failed logins are throttled by :class:`~netauto.web.throttle.LoginThrottle`; a browser that
logged in as a user keeps a signed "known browser" cookie (the user's id, nothing secret) so
that guesses from elsewhere never lock its owner out. A logout ends the user's sessions on
the server: a copied session cookie is worthless afterwards.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response as BaseResponse

from netauto.exceptions import PermissionDenied
from netauto.text import plural
from netauto.web.proxy import cookie_secure
from netauto.web.security import PUBLIC, current, log_in, needs, safe_next
from netauto.web.state import project, web_state

bp = Blueprint("auth", __name__)
KNOWN_COOKIE = "netauto_known"
KNOWN_AGE = 90 * 24 * 3600
KNOWN_KEEP = 5  # accounts a browser is remembered for


def _anyone_can_log_in() -> bool:
    return any(user.active and user.has_password for user in project().users.list())


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="netauto-known-browser")


def _known() -> list[str]:
    try:
        found: Any = _serializer().loads(request.cookies.get(KNOWN_COOKIE, ""))
    except BadSignature:
        return []
    return [str(item) for item in found][:KNOWN_KEEP] if isinstance(found, list) else []


def _remember(response: BaseResponse, account: str) -> BaseResponse:
    accounts = [account, *(a for a in _known() if a != account)][:KNOWN_KEEP]
    response.set_cookie(
        KNOWN_COOKIE,
        _serializer().dumps(accounts),
        max_age=KNOWN_AGE,
        httponly=True,
        samesite="Lax",
        secure=cookie_secure(current_app),
    )
    return response


def _attempt(name: str, password: str, target: str) -> tuple[ResponseReturnValue | None, str]:
    """Check one login; (the redirect when it succeeded, else None; the error to show)."""
    state = web_state()
    account = project().users.canonical(name)
    address = request.remote_addr or "-"
    wait = state.throttle.wait(account, address, known=account in _known())
    if wait > 0:
        seconds = plural(int(wait) + 1, "second")
        return None, f"Too many failed attempts: wait {seconds} and try again."
    try:
        found = project().users.check_password(name, password)
    except PermissionDenied:
        state.throttle.failed(account, address)
        return None, "Wrong email or password, or the user is disabled."
    state.throttle.succeeded(account, address)
    log_in(found)
    return _remember(redirect(target), account), ""


@bp.route("/login", methods=["GET", "POST"])
@needs(PUBLIC)
def login() -> ResponseReturnValue:
    target = safe_next(request.args.get("next"))
    if request.method == "GET" and current() is not None:
        return redirect(target)
    error, status = None, 200
    name = request.form.get("email", "").strip()
    if request.method == "POST":
        if not name:
            error, status = "Give your email and password.", 400
        else:
            done, error = _attempt(name, request.form.get("password", ""), target)
            if done is not None:
                return done
            status = 429 if error.startswith("Too many") else 401
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
    """End the user's sessions on the server (every browser), then this cookie."""
    found = current()
    if found is not None:
        project().users.end_sessions(found.id)
    session.clear()
    return redirect(url_for("auth.login"))
