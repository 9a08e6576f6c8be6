"""Notifications: the event history, and (for admins) the channels, rules and outbox."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.web.security import can, needs
from netauto.web.state import project

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    notify = project().notify
    admin = can(Permission.ADMIN)
    return render_template(
        "notifications.html",
        events=notify.events(limit=100),
        channels=notify.channels() if admin else [],
        rules=notify.rules() if admin else [],
        outbox=notify.outbox() if admin else {},
    )
