"""``/api/devices``: the devices, one device with its facts, history and backups, diffs."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.security import needs
from netauto.web.state import web_state

bp = Blueprint("devices", __name__, url_prefix="/devices")


@bp.get("")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    """Every device by name; with ``limit`` (1..500) a page of them, from ``after`` (a name),
    and a ``Link: <...>; rel="next"`` header while more follow."""
    from netauto.db.browse import devices, last_backups
    from netauto.web.reads import limit_of
    from netauto.web.serialize import device

    url = web_state().url
    limit = limit_of(request.args, default=0) or None
    rows = devices(url, after=request.args.get("after") or None, limit=limit)
    backups = last_backups(url, [row.name for row in rows] if limit else None)
    response = jsonify([device(row, last_backup=backups.get(row.name)) for row in rows])
    if limit and len(rows) == limit:
        following = url_for("api.devices.index", limit=limit, after=rows[-1].name)
        response.headers["Link"] = f'<{following}>; rel="next"'
    return response


@bp.get("/<name>")
@needs(Permission.READ)
def detail(name: str) -> ResponseReturnValue:
    from netauto.web.reads import device_view
    from netauto.web.serialize import device, operation, page, plain

    try:
        view = device_view(web_state().settings, name)
    except UsageError as exc:
        raise NotFound(str(exc)) from None
    return jsonify(
        {
            **device(view.device, last_backup=view.last_backup),
            "facts_at": plain(view.facts_at),
            "facts": plain(view.facts),
            "operations": page(view.operations, operation),
            "backups": plain(view.backups),
        }
    )


@bp.get("/<name>/operations")
@needs(Permission.READ)
def operations(name: str) -> ResponseReturnValue:
    from netauto.db import browse
    from netauto.web.reads import cursor_of, host_name, limit_of
    from netauto.web.serialize import operation, page

    found = browse.operations(
        web_state().url,
        hosts=[host_name(name)],
        before=cursor_of(request.args),
        limit=limit_of(request.args),
    )
    return jsonify(page(found, operation))


@bp.get("/<name>/backups")
@needs(Permission.READ)
def backups(name: str) -> ResponseReturnValue:
    from netauto.web.reads import backup_versions
    from netauto.web.serialize import plain

    return jsonify(plain(backup_versions(web_state().settings, name)))


@bp.get("/<name>/backups/diff")
@needs(Permission.READ)
def diff(name: str) -> ResponseReturnValue:
    """``?from=SHA&to=SHA``: the masked unified diff of the device's backup between two."""
    from netauto.web.reads import backup_diff

    older, newer = request.args.get("from", ""), request.args.get("to", "")
    if not older or not newer:
        raise UsageError("give from= and to= (commit ids of /backups)")
    text = backup_diff(web_state().settings, name, older, newer)
    return jsonify({"device": name, "from": older, "to": newer, "diff": text})
