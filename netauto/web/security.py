"""Who is asking and whether they may: sessions, API tokens, CSRF, a role on every route.

Every view declares what it needs with :func:`needs` (a :class:`~netauto.auth.Permission`,
or ``PUBLIC`` for the login page); :func:`guard` runs before every request and refuses a view
that declares nothing, so a new route cannot be left open by mistake. Roles are always
enforced here, whatever ``auth.enforce`` says: a page is a login, never an OS user.

A browser is identified by Flask's signed session cookie (HttpOnly, SameSite=Lax) holding the
user's id and a fingerprint of the password hash and session epoch: a logout (which bumps the
epoch: every session of the user ends on the server, a copied cookie included), a new
password, a disabled user or a changed role takes effect at the next request. Scripts send
``Authorization: Bearer nta_...`` (``netauto users token create``). Requests that change
something with a session, login and logout included, must carry the session's CSRF token
(header ``X-CSRF-Token`` or form field ``csrf_token``): a synchronizer token kept in the
signed session and compared in constant time; before that, a request the browser marks
``Sec-Fetch-Site: cross-site`` (or ``same-site``) is refused. Bearer requests carry no
ambient credential, so they need none.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import urlsplit

from flask import current_app, g, jsonify, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import Forbidden

from netauto.auth import Identity, Permission
from netauto.web.state import web_state

if TYPE_CHECKING:
    from netauto.project import Project

F = TypeVar("F", bound=Callable[..., Any])
PUBLIC: Final = "public"
# No identity at all: no session or token is read, so the view answers while the database
# is down (the load balancer's /healthz and /readyz).
OPEN: Final = "open"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_MARK = "_netauto_needs"
log = logging.getLogger("netauto.web")


def needs(permission: Permission | str) -> Callable[[F], F]:
    """Declare what a view needs: a Permission, ``PUBLIC``, or ``OPEN`` (GET only)."""

    def mark(view: F) -> F:
        setattr(view, _MARK, permission)
        return view

    return mark


def required(view: Callable[..., Any]) -> Permission | str | None:
    return getattr(view, _MARK, None)


def current() -> Identity | None:
    """The identity of this request (None: nobody logged in)."""
    found: Identity | None = g.get("identity")
    return found


def identity() -> Identity:
    """The identity of a request that passed :func:`guard` on a non-public view."""
    found = current()
    if found is None:
        raise Forbidden("not logged in")
    return found


def can(permission: Permission) -> bool:
    found = current()
    return found is not None and found.can(permission)


def csrf_token() -> str:
    """The session's CSRF token, made on the first page a browser reads.

    Never made while answering a POST (or another unsafe method): such a request that comes
    without a session is a stale or a cross-site one (SameSite=Lax keeps the cookie from
    another site's form), and a new session cookie in its answer would replace the
    browser's own, logging its user out.
    """
    token = session.get("csrf")
    if isinstance(token, str):
        return token
    if request.method not in SAFE_METHODS:
        return ""
    token = secrets.token_urlsafe(32)
    session["csrf"] = token
    return token


def _project() -> Project:
    return web_state().project


def log_in(found: Identity) -> None:
    """Start a session for ``found`` (a fresh one: no fixation)."""
    row = _project().users.login_state(found.id)
    if row is None:
        raise Forbidden("no such user")
    session.clear()
    session.permanent = True
    session["uid"] = found.id.hex
    session["fp"] = row[1]
    session["csrf"] = secrets.token_urlsafe(32)
    # The client's address: the proxy's forwarded one when it is trusted (netauto.web.proxy).
    log.info(
        "%s logged in from %s", found.username, request.remote_addr, extra={"user": found.username}
    )


def _from_session() -> Identity | None:
    uid = session.get("uid")
    if not isinstance(uid, str):
        return None
    try:
        row = _project().users.login_state(uuid.UUID(uid))
    except ValueError:
        row = None
    if row is None or not row[0].active or session.get("fp") != row[1]:
        session.clear()
        return None
    return row[0]


def _from_token(header: str) -> Identity:
    return _project().tokens.verify(header.removeprefix("Bearer ").strip())


def is_api() -> bool:
    return request.path.startswith("/api/")


def refuse(status: int, message: str) -> ResponseReturnValue:
    """A JSON error for the API, a short page otherwise."""
    if is_api():
        response = jsonify({"error": message})
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="netauto"'
        return response
    from flask import render_template

    return render_template("error.html", status=status, message=message), status


def safe_next(target: str | None) -> str:
    """A path of this site to go back to after login; anything else becomes the dashboard.

    Browsers drop tabs and newlines inside a URL and read ``\\`` as ``/``, so ``/\t/evil``
    and ``/\\evil`` lead off-site: a target with a control character, a backslash, a scheme
    or a host is refused, as is one that does not start with exactly one ``/``.
    """
    fallback = url_for("dashboard.index")
    if not target or not target.startswith("/") or target[1:2] == "/":
        return fallback
    if "\\" in target or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def guard() -> ResponseReturnValue | None:
    """Before every request: who is asking, the CSRF token, then the view's permission."""
    from netauto.accounts import TokenInvalid

    if request.endpoint is None or request.endpoint == "static":
        return None  # 404, 405, and the vendored assets
    wanted = required(current_app.view_functions[request.endpoint])
    if wanted is None:
        log.error("route %s declares no permission: refused", request.endpoint)
        return refuse(403, "this route declares no permission")
    if any("\x00" in value for value in (*request.args.values(), *request.form.values())):
        return refuse(400, "a value holds a NUL character")
    if wanted == OPEN and request.method in SAFE_METHODS:
        g.identity, g.via = None, None
        return None
    header = request.headers.get("Authorization", "")
    g.via = None
    if header.startswith("Bearer "):
        try:
            g.identity, g.via = _from_token(header), "token"
        except TokenInvalid as exc:
            return refuse(401, str(exc))
    else:
        g.identity = _from_session()
        g.via = "session" if g.identity is not None else None
    if wanted != PUBLIC and g.identity is None:
        if is_api():
            return refuse(401, "log in or send Authorization: Bearer <token>")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if request.method not in SAFE_METHODS and g.via != "token":
        # Browsers say where a request comes from; another site's form never gets through,
        # whatever the cookies (login and logout included).
        if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return refuse(403, "a request from another site: refused")
        sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
        expected = session.get("csrf")
        if not isinstance(expected, str) or not hmac.compare_digest(sent, expected):
            return refuse(403, "missing or wrong CSRF token: reload the page")
    if wanted == PUBLIC:
        return None
    if not isinstance(wanted, Permission) or not g.identity.can(wanted):
        return refuse(403, f"your role ({g.identity.role}) may not do this")
    return None
