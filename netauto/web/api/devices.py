"""``/api/devices``: the devices, one device with its facts, history and backups, diffs;
the registry: ``POST`` adds (201), ``PATCH /NAME`` edits, ``DELETE /NAME`` retires,
``POST /NAME/restore``, ``GET /registry`` (with retired ones and whether it is writable)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.reads import not_found
from netauto.web.security import needs
from netauto.web.state import project

if TYPE_CHECKING:
    from netauto.registry import Registry

bp = Blueprint("devices", __name__, url_prefix="/devices")


@bp.get("")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    """Every device by name; with ``limit`` (1..500) a page of them, from ``after`` (a name),
    and a ``Link: <...>; rel="next"`` header while more follow."""
    from netauto.web.reads import limit_of

    limit = limit_of(request.args, default=0) or None
    rows = project().devices.list(after=request.args.get("after") or None, limit=limit)
    response = jsonify([row.to_json() for row in rows])
    if limit and len(rows) == limit:
        following = url_for("api.devices.index", limit=limit, after=rows[-1].name)
        response.headers["Link"] = f'<{following}>; rel="next"'
    return response


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UsageError("send a JSON object (name, address, port, groups, data...)")
    return body


@bp.post("")
@needs(Permission.CHANGE)
def add() -> ResponseReturnValue:
    """Add a router and test it (``"connect": false`` skips the test): 201 with the row."""
    body = _body()
    connect = bool(body.pop("connect", True))
    entry = project().registry.add(body, connect=connect)
    response = jsonify(entry.to_json())
    response.status_code = 201
    response.headers["Location"] = url_for("api.devices.detail", name=entry.name)
    return response


@bp.get("/registry")
@needs(Permission.READ)
def registry() -> ResponseReturnValue:
    found = project().registry
    return jsonify(
        {
            "writable": found.writable,
            "read_only_reason": found.read_only_reason,
            "devices": [entry.to_json() for entry in found.list(retired=True)],
        }
    )


def _registry_of(name: str) -> Registry:
    """The registry, once ``name`` is in it (404 otherwise)."""
    found = project().registry
    with not_found():
        found.get(name)
    return found


@bp.patch("/<name>")
@needs(Permission.CHANGE)
def edit(name: str) -> ResponseReturnValue:
    return jsonify(_registry_of(name).edit(name, _body()).to_json())


@bp.delete("/<name>")
@needs(Permission.CHANGE)
def retire(name: str) -> ResponseReturnValue:
    """Retire: out of every selection, history kept (the row stays, ``retired: true``)."""
    return jsonify(_registry_of(name).retire(name).to_json())


@bp.post("/<name>/restore")
@needs(Permission.CHANGE)
def restore(name: str) -> ResponseReturnValue:
    return jsonify(_registry_of(name).restore(name).to_json())


@bp.get("/<name>")
@needs(Permission.READ)
def detail(name: str) -> ResponseReturnValue:
    with not_found():
        view = project().devices.detail(name)
    return jsonify(view.to_json())


@bp.get("/<name>/samples")
@needs(Permission.READ)
def samples(name: str) -> ResponseReturnValue:
    """The device page's charts: ``span`` hour, day (raw samples) or week (hourly roll-ups);
    each point ``t``, ``cpu_percent``, ``memory_percent``, ``latency_ms``, ``up`` and
    ``interfaces`` (``{name: [in_bps, out_bps]}``)."""
    span = request.args.get("span", "hour")
    with not_found():
        device = project().devices.get(name)
    points = project().devices.samples(device.name, span)
    return jsonify({"device": device.name, "span": span, "points": points})


@bp.get("/<name>/operations")
@needs(Permission.READ)
def operations(name: str) -> ResponseReturnValue:
    from netauto.project.devices import host_name
    from netauto.web.reads import cursor_of, limit_of

    found = project().operations.page(
        hosts=[host_name(name)], before=cursor_of(request.args), limit=limit_of(request.args)
    )
    return jsonify(found.to_json())


@bp.get("/<name>/backups")
@needs(Permission.READ)
def backups(name: str) -> ResponseReturnValue:
    from netauto.db.rows import jsonable

    return jsonify(jsonable(project().devices.backups(name)))


@bp.get("/<name>/backups/diff")
@needs(Permission.READ)
def diff(name: str) -> ResponseReturnValue:
    """``?from=SHA&to=SHA``: the masked unified diff of the device's backup between two."""
    older, newer = request.args.get("from", ""), request.args.get("to", "")
    if not older or not newer:
        raise UsageError("give from= and to= (commit ids of /backups)")
    found = project().devices.compare_backups(name, older, newer)
    return jsonify({"device": name, "from": older, "to": newer, "diff": found.diff})
