"""``/api/settings``, ``/api/users`` (admins): settings with their source (secrets as
``<set>``), set and unset; users, add and change. Never a password hash or a secret value."""

from __future__ import annotations

from flask import Blueprint, g, jsonify
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.params import flag, json_object, text
from netauto.web.security import identity, log_in, needs
from netauto.web.state import project

bp = Blueprint("admin", __name__)


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
    value = json_object('{"value": ...}').get("value")
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
    """``{"email", "role", "display_name"?, "username"?, "password"?}``, all strings."""
    body = json_object('{"email": "...", "role": "viewer"}')
    info = project().users.add(
        text(body, "email", required=True) or "",
        text(body, "role", required=True) or "",
        display_name=text(body, "display_name"),
        username=text(body, "username"),
        password=text(body, "password"),
    )
    response = jsonify(info.to_json())
    response.status_code = 201
    return response


@bp.patch("/users/<name>")
@needs(Permission.ADMIN)
def change_user(name: str) -> ResponseReturnValue:
    """``{"role"?: "...", "active"?: true|false, "password"?: "..."}``; an admin cannot
    demote or disable itself (named by email or username), nor the last active admin."""
    body, me, accounts = json_object('{"role": "operator"}'), identity(), project().users
    role, active, password = text(body, "role"), flag(body, "active"), text(body, "password")
    target = accounts.find(name)
    if target.id == me.id and (role is not None or active is not None):
        raise UsageError("you cannot change your own role or disable yourself: ask another admin")
    if role is not None:
        accounts.set_role(name, role)
    if active is not None:
        accounts.set_active(name, active)
    if password is not None:
        accounts.set_password(name, password)
        if target.id == me.id and g.get("via") == "session":
            log_in(me)  # this session was bound to the old password
    return jsonify(accounts.find(name).to_json())
