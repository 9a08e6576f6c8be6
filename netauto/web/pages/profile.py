"""A user's own profile: display name, password, API tokens (created and shown once, revoked).

Every user reaches their own page (read permission); nothing here touches another user. A new
token is shown in the answer to its POST only, never stored in the session or a flash
message; the page is not cached. A new password asks for the current one and ends every other
session of the user (this one starts again).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import NetautoError, PermissionDenied, UsageError
from netauto.web.security import identity, log_in, needs
from netauto.web.state import project

bp = Blueprint("profile", __name__, url_prefix="/profile")


def _page(**extra: Any) -> ResponseReturnValue:
    opened, me = project(), identity()
    tokens = [token for token in opened.tokens.list(me.email) if token.state == "active"]
    page = render_template("profile.html", user=opened.users.find(me.email), tokens=tokens, **extra)
    return page, 200, {"Cache-Control": "no-store"}


def _done(message: str) -> ResponseReturnValue:
    flash(message, "success")
    return redirect(url_for("profile.index"))


def _failed(exc: NetautoError) -> ResponseReturnValue:
    flash(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, "danger")
    return redirect(url_for("profile.index"))


@bp.get("/")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    return _page()


@bp.post("/name")
@needs(Permission.READ)
def name() -> ResponseReturnValue:
    try:
        project().users.set_display_name(identity().email, request.form.get("display_name"))
    except NetautoError as exc:
        return _failed(exc)
    return _done("Display name saved.")


@bp.post("/password")
@needs(Permission.READ)
def password() -> ResponseReturnValue:
    form, me = request.form, identity()
    users = project().users
    try:
        try:
            users.check_password(me.email, form.get("current", ""))
        except PermissionDenied:
            raise UsageError("the current password is wrong") from None
        if form.get("new", "") != form.get("again", ""):
            raise UsageError("the new password and its repetition differ")
        users.set_password(me.email, form.get("new", ""))
    except NetautoError as exc:
        return _failed(exc)
    log_in(me)  # every session ended with the old password: this one starts again
    return _done("Password changed. Your other sessions have ended.")


@bp.post("/tokens")
@needs(Permission.READ)
def create_token() -> ResponseReturnValue:
    label = (request.form.get("label") or "").strip() or "api"
    if len(label) > 100:
        return _failed(UsageError("a token's label is at most 100 characters"))
    try:
        token, info = project().tokens.create(identity().email, label=label)
    except NetautoError as exc:
        return _failed(exc)
    return _page(new_token=token, new_info=info)


@bp.post("/tokens/<prefix>/revoke")
@needs(Permission.READ)
def revoke_token(prefix: str) -> ResponseReturnValue:
    opened = project()
    mine = {token.prefix for token in opened.tokens.list(identity().email)}
    if prefix not in mine:
        return _failed(UsageError("no such token of yours"))
    try:
        opened.tokens.revoke(prefix)
    except NetautoError as exc:
        return _failed(exc)
    return _done(f"Token {prefix}… revoked.")
