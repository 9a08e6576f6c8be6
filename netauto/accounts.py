"""Users and API tokens: the PRD's ``users``, with argon2 password hashes and hashed tokens.

No default account and no default password: users are added by an admin (the very first
admin by anyone, which is recorded). Passwords are hashed with argon2id (argon2-cffi, the
reference implementation's binding); a token is shown once and only its SHA-256 is stored.
Every change is a row in the operations log, without the password or the token. The rows
themselves are read and written by :mod:`netauto.db.accounts`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from datetime import timedelta
from typing import Any

from netauto.clock import utcnow
from netauto.db import accounts as stored
from netauto.db.rows import TokenInfo, UserInfo
from netauto.exceptions import PermissionDenied, UsageError
from netauto.roles import ROLES, Identity

TOKEN_PREFIX = "nta_"
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.?[A-Za-z0-9\-]*$")
_TOKEN = re.compile(r"^nta_[A-Za-z0-9_\-]{32,64}$")


class TokenInvalid(PermissionDenied):
    """A token that is malformed, unknown, revoked or expired (the message says which)."""


def check_email(email: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email) or ".." in email or len(email) > 255:
        raise UsageError(f"not an email address: {email!r}")
    return email


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UsageError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
    return role


def _audit(url: str, actor: str, operation: str, **details: Any) -> None:
    from netauto.db.audit import record

    record(url, actor, operation, details)


def has_admin(url: str) -> bool:
    return stored.has_admin(url)


def add_user(
    url: str,
    email: str,
    role: str,
    *,
    actor: str,
    display_name: str | None = None,
    username: str | None = None,
) -> UserInfo:
    """A new user, without a password (set one with :func:`set_password`)."""
    email = check_email(email)
    role = check_role(role)
    name = (username or email.split("@")[0]).strip()
    if not name:
        raise UsageError("the username is empty")
    info = stored.insert_user(url, email=email, role=role, username=name, display_name=display_name)
    _audit(url, actor, "user_add", email=email, username=name, role=role)
    return info


def find_user(url: str, name: str) -> UserInfo:
    """The user whose email or username is ``name``; UsageError when there is none."""
    return stored.find_user(url, name)


def lookup_id(url: str, name: str) -> uuid.UUID | None:
    """The id of the user whose email or username is ``name``; None when there is none."""
    found = stored.lookup(url, name)
    return found.id if found is not None else None


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def login_state(url: str, user_id: uuid.UUID) -> tuple[Identity, str] | None:
    """(identity, a fingerprint of the password hash and the session epoch) of a user; None
    when there is none.

    A web session keeps the fingerprint, so a new password, a logout or disabling the user
    (each bumps the epoch) ends every older session.
    """
    found = stored.credentials_of(url, user_id)
    if found is None:
        return None
    return found.identity, _fingerprint(f"{found.password_hash}:{found.session_epoch}")


def end_sessions(url: str, user_id: uuid.UUID) -> None:
    """End every web session of a user, in every browser (a logout)."""
    stored.end_sessions(url, user_id)


def list_users(url: str) -> list[UserInfo]:
    return stored.list_users(url)


def set_role(url: str, name: str, role: str, *, actor: str) -> UserInfo:
    info, before = stored.update_user(url, name, role=check_role(role))
    _audit(url, actor, "user_role", email=info.email, role=role, previous=before["role"])
    return info


def set_active(url: str, name: str, active: bool, *, actor: str) -> UserInfo:
    """Enable or disable a user (disabling ends their web sessions); the last active admin
    cannot be disabled."""
    info, _ = stored.update_user(url, name, is_active=active, end_sessions=not active)
    _audit(url, actor, "user_enable" if active else "user_disable", email=info.email)
    return info


def set_display_name(url: str, name: str, display_name: str | None, *, actor: str) -> UserInfo:
    """The name pages show for the user (one line, at most 100 characters; empty: none)."""
    shown = (display_name or "").strip() or None
    if shown is not None and (len(shown) > 100 or any(ord(c) < 0x20 for c in shown)):
        raise UsageError("a display name is one line of at most 100 characters")
    info, _ = stored.update_user(url, name, display_name=shown)
    _audit(url, actor, "user_display_name", email=info.email)
    return info


def set_password(url: str, name: str, password: str, *, actor: str) -> UserInfo:
    """A new password (see :mod:`netauto.passwords` for what is refused); every web session
    of the user ends."""
    from argon2 import PasswordHasher

    from netauto.passwords import check_new_password

    user = stored.find_user(url, name)
    check_new_password(password, names=(user.username, user.email))
    info, _ = stored.update_user(
        url, name, password_hash=PasswordHasher().hash(password), end_sessions=True
    )
    _audit(url, actor, "user_password", email=info.email)
    return info


def check_password(url: str, name: str, password: str) -> Identity:
    """The identity of an active user whose password this is; PermissionDenied otherwise."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    found = stored.credentials(url, name)
    hasher = PasswordHasher()
    hashed = found.password_hash if found is not None else stored.LOCKED
    locked = hashed in ("", stored.LOCKED)
    try:
        # An unknown user, or one without a password, costs one argon2 verification too:
        # the time of an answer must not tell which users exist.
        ok = hasher.verify(_dummy_hash(hasher) if locked else hashed, password) and not locked
    except (VerificationError, InvalidHashError):
        ok = False
    if found is None or not ok or not found.identity.active:
        raise PermissionDenied("wrong email or password, or the user is disabled")
    return found.identity


_DUMMIES: dict[tuple[Any, ...], str] = {}


def _dummy_hash(hasher: Any) -> str:
    """A hash of a random password with ``hasher``'s parameters (made once per process)."""
    key = (type(hasher), hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _DUMMIES:
        _DUMMIES[key] = hasher.hash(secrets.token_urlsafe(16))
    return _DUMMIES[key]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    url: str, name: str, *, actor: str, label: str = "api", expires_in: timedelta | None = None
) -> tuple[str, TokenInfo]:
    """A new token for the user ``name``: (the token, shown once; what is stored of it)."""
    if expires_in is not None and expires_in.total_seconds() <= 0:
        raise UsageError("{expires} must be in the future", params=("expires",))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = utcnow() + expires_in if expires_in is not None else None
    info = stored.insert_token(
        url, name, label=label, prefix=token[:12], digest=_digest(token), expires_at=expires_at
    )
    _audit(url, actor, "token_create", email=info.email, token=info.prefix, name=label)
    return token, info


def list_tokens(url: str, name: str | None = None) -> list[TokenInfo]:
    return stored.list_tokens(url, name)


def revoke_token(url: str, prefix: str, *, actor: str) -> TokenInfo:
    """Revoke the token whose id or shown prefix starts with ``prefix``."""
    prefix = prefix.strip()
    if len(prefix) < 4:
        raise UsageError("give at least 4 characters of the token id or prefix")
    info = stored.revoke_token(url, prefix)
    _audit(url, actor, "token_revoke", email=info.email, token=info.prefix)
    return info


_REFUSED = {
    "unknown": "unknown token",
    "revoked": "token revoked",
    "expired": "token expired",
    "disabled": "the token's user is disabled",
}


def verify_token(url: str, token: str) -> Identity:
    """The identity a bearer token stands for; TokenInvalid says why it does not."""
    if not _TOKEN.match(token or ""):
        raise TokenInvalid("malformed token")
    state, found = stored.use_token(url, _digest(token))
    if found is None:
        raise TokenInvalid(_REFUSED[state])
    return found
