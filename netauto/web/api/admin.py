"""``/api/settings``, ``/api/users`` (admins): settings with their source (secrets as
``<set>``), set and unset; users, add and change. Never a password hash or a secret value."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.security import identity, needs
from netauto.web.state import project

bp = Blueprint("admin", __name__)


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UsageError("send a JSON object")
    return body


@bp.get("/settings")
@needs(Permission.ADMIN)
def settings() -> ResponseReturnValue:
    opened = project()
    opened.reload()  # another process may have stored one
    return jsonify([row.to_json() for row in opened.settings_table.rows()])


@bp.put("/settings/<key>")
@needs(Permission.ADMIN)
def set_setting(key: str) -> ResponseReturnValue:
    """``{"value": "5"}``: stored in the database (a secret encrypted)."""
    value = _body().get("value")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str | int | float):
        text = str(value)
    else:
        raise UsageError('give {"value": ...} as a string, a number or a boolean')
    table = project().settings_table
    table.set(key, text)
    return jsonify(table.row(key).to_json())


@bp.delete("/settings/<key>")
@needs(Permission.ADMIN)
def unset_setting(key: str) -> ResponseReturnValue:
    table = project().settings_table
    table.unset(key)
    return jsonify(table.row(key).to_json())


@bp.get("/users")
@needs(Permission.ADMIN)
def users() -> ResponseReturnValue:
    return jsonify([info.to_json() for info in project().users.list()])


@bp.post("/users")
@needs(Permission.ADMIN)
def add_user() -> ResponseReturnValue:
    """``{"email", "role", "display_name"?, "username"?, "password"?}``."""
    body = _body()
    info = project().users.add(
        str(body.get("email", "")),
        str(body.get("role", "")),
        display_name=body.get("display_name") or None,
        username=body.get("username") or None,
        password=str(body["password"]) if body.get("password") else None,
    )
    response = jsonify(info.to_json())
    response.status_code = 201
    return response


@bp.patch("/users/<name>")
@needs(Permission.ADMIN)
def change_user(name: str) -> ResponseReturnValue:
    """``{"role"?, "active"?, "password"?}``; an admin cannot demote or disable itself."""
    body, me, accounts = _body(), identity(), project().users
    is_me = name.strip().lower() in (me.email, me.username.lower())
    if is_me and ("role" in body or "active" in body):
        raise UsageError("you cannot change your own role or disable yourself: ask another admin")
    if "role" in body:
        accounts.set_role(name, str(body["role"]))
    if "active" in body:
        accounts.set_active(name, bool(body["active"]))
    if body.get("password"):
        accounts.set_password(name, str(body["password"]))
    return jsonify(accounts.find(name).to_json())
