"""The Flask application factory: settings, security hooks, blueprints, error pages.

::

    from netauto.web import create_app
    app = create_app("config.yaml")      # or an open Project; then any WSGI server (waitress)

Jinja escapes every value (autoescape on for .html); pages run no inline script and the
Content-Security-Policy forbids it, so a value that slipped through would still not run.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, has_request_context, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from netauto import logs
from netauto.auth import Permission
from netauto.exceptions import (
    AIConfigError,
    DatabaseError,
    NetautoError,
    PermissionDenied,
    UsageError,
)
from netauto.text import first_line, plural
from netauto.web.feed import Feed
from netauto.web.health import bp as health
from netauto.web.jobs import Jobs, quick_actions
from netauto.web.proxy import KEY as proxy_key
from netauto.web.proxy import install as behind_proxy
from netauto.web.security import can, csrf_token, current, guard, is_api, refuse
from netauto.web.state import WebState, secret_key
from netauto.web.throttle import LoginThrottle

if TYPE_CHECKING:
    from netauto.project import Project

log = logging.getLogger("netauto.web")

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _status_of(error: NetautoError) -> int:
    if isinstance(error, AIConfigError):
        return 503  # no AI provider configured on this server
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, UsageError):
        return 400
    if isinstance(error, DatabaseError):
        return 503
    return 500


def _netauto_error(error: NetautoError) -> ResponseReturnValue:
    return refuse(_status_of(error), first_line(error))


# The title of a page for an HTTP error: what happened, in the words of the page.
TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed here",
    429: "Too many requests",
    500: "Something went wrong",
}


def _http_error(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 500
    if is_api():
        return refuse(code, error.description or error.name)
    if code == 404:
        message = "There is no page at this address. It may have moved, or the link is wrong."
    else:
        message = error.description or error.name
    return _error_page(code, message)


def _server_error(error: Exception) -> ResponseReturnValue:
    """500: one line for the caller, the details in the server's log only."""
    original = getattr(error, "original_exception", None) or error
    log.error("unexpected error on %s", request.path, exc_info=original)
    if is_api():
        return refuse(500, "internal error (see the server's log)")
    return _error_page(500, "The server failed to answer. The details are in the server's log.")


def _error_page(code: int, message: str) -> ResponseReturnValue:
    """The error page in the site's layout; plain text when even that fails (the database
    away, a broken template)."""
    from flask import render_template

    title = TITLES.get(code, "Error")
    try:
        page = render_template("error.html", status=code, title=title, message=message)
    except Exception:
        log.exception("the error page failed too")
        return f"{code} {title}: {message}\n", code, {"Content-Type": "text/plain"}
    return page, code


def _when(value: datetime | None) -> str:
    """UTC text; the page's script shows it in the browser's time zone."""
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value is not None else "-"


def _duration(seconds: float | int | None) -> str:
    if seconds is None:
        return "-"
    minutes, _ = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days}d {hours}h"
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def _pretty(value: Any, indent: int | None = 2) -> str:
    """JSON as text (Jinja escapes it; ``tojson`` is for scripts, not for reading)."""
    return json.dumps(value, indent=indent, sort_keys=True, default=str)


def _context() -> dict[str, Any]:
    return {"me": current()}


def _log_context() -> dict[str, Any]:
    """The user of the request, in every event logged while it runs (JSON logs)."""
    if not has_request_context():
        return {}
    found = current()
    return {"user": found.username} if found is not None else {}


def create_app(
    config: Project | str | os.PathLike[str] | None = None, *, feed: dict[str, Any] | None = None
) -> Flask:
    """The application for an open project, or for the project of ``config`` (its config
    file or folder; default ``NETAUTO_CONFIG``, else ./config.yaml).

    ``feed``: options of the live feed (tests make it poll faster).
    """
    from netauto.project import Project
    from netauto.web import api, metrics, pages

    project = config if isinstance(config, Project) else Project.open(config)
    project.ensure_schema()  # at start: a database problem is one line, not a 503 later
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key(project),
        SESSION_COOKIE_NAME="netauto_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Secure on every HTTPS request anyway (netauto.web.proxy); "1": on plain HTTP too.
        SESSION_COOKIE_SECURE=os.environ.get("NETAUTO_WEB_SECURE_COOKIE", "") == "1",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    logs.add_context(_log_context)
    behind_proxy(
        app,
        project.settings.value(proxy_key),
        project.settings.sources.get(proxy_key),
    )
    live = Feed(project, **(feed or {}))
    app.extensions["netauto"] = WebState(project, live, Jobs(project, live), LoginThrottle())
    app.before_request(guard)
    app.after_request(_headers)
    app.register_error_handler(NetautoError, _netauto_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)
    app.context_processor(_context)
    # Globals, not context: imported macros see them too.
    app.jinja_env.globals.update(
        can=can,
        Permission=Permission,
        csrf_token=csrf_token,
        plural=plural,
        quick_actions=quick_actions,
    )
    app.add_template_filter(_when, "when")
    app.add_template_filter(_duration, "duration")
    app.add_template_filter(_pretty, "pretty")
    for blueprint in pages.blueprints():
        app.register_blueprint(blueprint)
    app.register_blueprint(api.blueprint())
    app.register_blueprint(health)
    app.register_blueprint(metrics.bp)
    return app
