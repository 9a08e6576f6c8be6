"""``/api/settings``, ``/api/users`` (admins): settings with their source (secrets as
``<set>``), set and unset; users, add and change. Never a password hash or a secret value."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.security import identity, needs
from netauto.web.state import web_state

bp = Blueprint("admin", __name__)


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UsageError("send a JSON object")
    return body


def _settings() -> list[dict[str, Any]]:
    from netauto.web.reads import setting_rows

    state = web_state()
    state.reload()
    return setting_rows(state.settings)


@bp.get("/settings")
@needs(Permission.ADMIN)
def settings() -> ResponseReturnValue:
    return jsonify(_settings())


@bp.put("/settings/<key>")
@needs(Permission.ADMIN)
def set_setting(key: str) -> ResponseReturnValue:
    """``{"value": "5"}``: stored in the database (a secret encrypted)."""
    from netauto.settings_store import store

    value = _body().get("value")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str | int | float):
        text = str(value)
    else:
        raise UsageError('give {"value": ...} as a string, a number or a boolean')
    store(web_state().url, key, text, actor=identity().username)
    return jsonify(next(row for row in _settings() if row["key"] == key))


@bp.delete("/settings/<key>")
@needs(Permission.ADMIN)
def unset_setting(key: str) -> ResponseReturnValue:
    from netauto.settings_store import store

    store(web_state().url, key, None, actor=identity().username)
    return jsonify(next(row for row in _settings() if row["key"] == key))


def _user(info: Any) -> dict[str, Any]:
    from netauto.web.serialize import plain

    data: dict[str, Any] = plain(info)
    return data


@bp.get("/users")
@needs(Permission.ADMIN)
def users() -> ResponseReturnValue:
    from netauto.accounts import list_users

    return jsonify([_user(info) for info in list_users(web_state().url)])


@bp.post("/users")
@needs(Permission.ADMIN)
def add_user() -> ResponseReturnValue:
    """``{"email", "role", "display_name"?, "username"?, "password"?}``."""
    from netauto.accounts import add_user, set_password

    body, url, actor = _body(), web_state().url, identity().username
    info = add_user(
        url,
        str(body.get("email", "")),
        str(body.get("role", "")),
        actor=actor,
        display_name=body.get("display_name") or None,
        username=body.get("username") or None,
    )
    if body.get("password"):
        info = set_password(url, info.email, str(body["password"]), actor=actor)
    response = jsonify(_user(info))
    response.status_code = 201
    return response


@bp.patch("/users/<name>")
@needs(Permission.ADMIN)
def change_user(name: str) -> ResponseReturnValue:
    """``{"role"?, "active"?, "password"?}``; an admin cannot demote or disable itself."""
    from netauto.accounts import list_users, set_active, set_password, set_role

    body, url, me = _body(), web_state().url, identity()
    is_me = name.strip().lower() in (me.email, me.username.lower())
    if is_me and ("role" in body or "active" in body):
        raise UsageError("you cannot change your own role or disable yourself: ask another admin")
    if "role" in body:
        set_role(url, name, str(body["role"]), actor=me.username)
    if "active" in body:
        set_active(url, name, bool(body["active"]), actor=me.username)
    if body.get("password"):
        set_password(url, name, str(body["password"]), actor=me.username)
    found = [u for u in list_users(url) if name.strip().lower() in (u.email, u.username.lower())]
    if not found:
        raise UsageError(f"no such user: {name}")
    return jsonify(_user(found[0]))
