"""The JSON API under ``/api/``: what the pages show, and starting runs (docs/api.md).

Authentication: the browser's session (with the ``X-CSRF-Token`` header on changes) or
``Authorization: Bearer nta_...``. Errors are ``{"error": "..."}`` with 400 (bad input),
401 (no or bad credentials), 403 (role), 404, 429 (busy), 503 (database unreachable).
One nested blueprint per area; every view declares its permission.
"""

from __future__ import annotations

from flask import Blueprint


def blueprint() -> Blueprint:
    from netauto.web.api.admin import bp as admin
    from netauto.web.api.chat import bp as chat
    from netauto.web.api.compliance import bp as compliance
    from netauto.web.api.dashboard import bp as dashboard
    from netauto.web.api.devices import bp as devices
    from netauto.web.api.events import bp as events
    from netauto.web.api.notifications import bp as notifications
    from netauto.web.api.operations import bp as operations
    from netauto.web.api.runs import bp as runs
    from netauto.web.api.schedules import bp as schedules
    from netauto.web.api.search import bp as search

    api = Blueprint("api", __name__, url_prefix="/api")
    children = (dashboard, devices, compliance, operations, runs, events, schedules, admin, chat)
    for child in (*children, search, notifications):
        api.register_blueprint(child)
    return api
