"""``/api/notifications``: the bell (the operator's recent events, unread count), marking
read, muting a kind; the event history; channels and rules (admin)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.security import needs
from netauto.web.state import project

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise UsageError("expected a JSON object")
    return data


def _int(value: Any, name: str, default: int, highest: int = 1000) -> int:
    if value is None:
        return default
    if not str(value).isdigit() or not 0 <= int(value) <= (highest or int(value)):
        raise UsageError(f"{name} must be an integer 0 to {highest}, got {value!r}")
    return int(value)


@bp.get("")
@needs(Permission.READ)
def bell() -> ResponseReturnValue:
    """``?limit=20``: the operator's recent events (not muted) and how many are unread."""
    return jsonify(project().notify.bell(limit=_int(request.args.get("limit"), "limit", 20, 200)))


@bp.post("/read")
@needs(Permission.READ)
def read() -> ResponseReturnValue:
    """``{"id": N}``: every event up to N is read."""
    event_id = _int(_body().get("id"), "id", 0, 0)
    project().notify.mark_read(event_id)
    return jsonify({"last_seen": event_id})


@bp.post("/mute")
@needs(Permission.READ)
def mute() -> ResponseReturnValue:
    """``{"event": KIND|"all", "muted": true}``: the operator's own mute."""
    data = _body()
    project().notify.mute(str(data.get("event") or ""), muted=bool(data.get("muted", True)))
    return jsonify({"event": data.get("event"), "muted": bool(data.get("muted", True))})


@bp.get("/events")
@needs(Permission.READ)
def events() -> ResponseReturnValue:
    """``?limit=50&after=ID&router=R15``: events, newest first."""
    rows = project().notify.events(
        limit=_int(request.args.get("limit"), "limit", 50),
        after=_int(request.args.get("after"), "after", 0, 0),
        router=request.args.get("router") or None,
    )
    return jsonify([row.to_json() for row in rows])


@bp.get("/channels")
@needs(Permission.ADMIN)
def channels() -> ResponseReturnValue:
    notify = project().notify
    return jsonify(
        {
            "channels": [c.to_json() for c in notify.channels()],
            "rules": [r.to_json() for r in notify.rules()],
            "outbox": notify.outbox(),
        }
    )


@bp.post("/channels")
@needs(Permission.ADMIN)
def add_channel() -> ResponseReturnValue:
    """``{"name", "email"}`` or ``{"name", "webhook", "format"}``."""
    data = _body()
    found = project().notify.add_channel(
        str(data.get("name") or ""),
        email=data.get("email"),
        webhook=data.get("webhook"),
        format=str(data.get("format") or "generic"),
    )
    return jsonify(found.to_json()), 201


@bp.post("/rules")
@needs(Permission.ADMIN)
def add_rule() -> ResponseReturnValue:
    """``{"channel", "event": KIND|"all", "min_severity", "username"?, "role"?}``."""
    data = _body()
    found = project().notify.add_rule(
        channel=str(data.get("channel") or ""),
        event=str(data.get("event") or "all"),
        min_severity=str(data.get("min_severity") or "info"),
        username=data.get("username"),
        role=data.get("role"),
    )
    return jsonify(found.to_json()), 201
