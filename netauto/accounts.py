"""Users and API tokens: the PRD's ``users``, with argon2 password hashes and hashed tokens.

No default account and no default password: users are added by an admin (the very first
admin by anyone, which is recorded). Passwords are hashed with argon2id (argon2-cffi, the
reference implementation's binding); a token is shown once and only its SHA-256 is stored.
Every change is a row in the operations log, without the password or the token.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from netauto.auth import ROLES, Identity
from netauto.clock import utcnow
from netauto.db.rows import TokenInfo, UserInfo
from netauto.exceptions import DatabaseError, PermissionDenied, UsageError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from netauto.db.models import ApiToken, User

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


@contextmanager
def _session(url: str) -> Iterator[Session]:
    from sqlalchemy.exc import IntegrityError, SQLAlchemyError

    from netauto.db.engine import error_text, session_scope
    from netauto.db.migrate import ensure_schema

    ensure_schema(url)
    try:
        with session_scope(url) as session:
            yield session
    except IntegrityError as exc:
        raise UsageError(f"already exists: {error_text(exc)}") from None
    except SQLAlchemyError as exc:
        raise DatabaseError(f"users: {error_text(exc)}") from None


def _info(user: User) -> UserInfo:
    return UserInfo(
        user.id,
        user.username,
        user.email,
        user.display_name,
        user.role,
        user.is_active,
        user.password_hash not in ("", "!"),
        user.created_at,
    )


def _find(session: Session, name: str) -> User:
    from sqlalchemy import or_, select

    from netauto.db.models import User

    user = session.scalars(
        select(User).where(or_(User.email == name.strip().lower(), User.username == name))
    ).first()
    if user is None:
        raise UsageError(f"no such user: {name}")
    return user


def _audit(url: str, actor: str, operation: str, **details: Any) -> None:
    from netauto.db.audit import record

    record(url, actor, operation, details)


def has_admin(url: str) -> bool:
    from sqlalchemy import select

    from netauto.db.models import User

    with _session(url) as session:
        return (
            session.scalars(select(User.id).where(User.role == "admin", User.is_active)).first()
            is not None
        )


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
    from sqlalchemy import select

    from netauto.db.models import User

    email = check_email(email)
    role = check_role(role)
    name = (username or email.split("@")[0]).strip()
    if not name:
        raise UsageError("the username is empty")
    with _session(url) as session:
        existing = session.scalars(select(User).where(User.username == name)).first()
        if existing is not None and existing.email == f"{name}@localhost":
            # An operator seen in the log before having an account: this claims that row.
            user = existing
            user.email, user.role, user.display_name = email, role, display_name
        elif existing is not None:
            raise UsageError(f"username {name} is taken (by {existing.email}); pass --username")
        else:
            user = User(id=uuid.uuid4(), username=name, email=email, role=role)
            user.display_name = display_name
            user.password_hash = "!"
            user.is_active = True
            session.add(user)
        session.flush()
        info = _info(user)
    _audit(url, actor, "user_add", email=email, username=name, role=role)
    return info


def find_user(url: str, name: str) -> UserInfo:
    """The user whose email or username is ``name``; UsageError when there is none."""
    with _session(url) as session:
        return _info(_find(session, name))


def login_state(url: str, user_id: uuid.UUID) -> tuple[Identity, str] | None:
    """(identity, a fingerprint of the password hash) of a user; None when there is none.

    A web session keeps the fingerprint, so a new password ends every older session.
    """
    from netauto.db.models import User

    with _session(url) as session:
        user = session.get(User, user_id)
        if user is None:
            return None
        found = Identity(user.id, user.username, user.email, user.role, user.is_active)
        return found, hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def list_users(url: str) -> list[UserInfo]:
    from sqlalchemy import select

    from netauto.db.models import User

    with _session(url) as session:
        return [_info(u) for u in session.scalars(select(User).order_by(User.email))]


def set_role(url: str, name: str, role: str, *, actor: str) -> UserInfo:
    role = check_role(role)
    with _session(url) as session:
        user = _find(session, name)
        before, user.role = user.role, role
        info = _info(user)
    _audit(url, actor, "user_role", email=info.email, role=role, previous=before)
    return info


def set_active(url: str, name: str, active: bool, *, actor: str) -> UserInfo:
    with _session(url) as session:
        user = _find(session, name)
        user.is_active = active
        info = _info(user)
    _audit(url, actor, "user_enable" if active else "user_disable", email=info.email)
    return info


def set_password(url: str, name: str, password: str, *, actor: str) -> UserInfo:
    from argon2 import PasswordHasher

    if not password or not password.strip():
        raise UsageError("the password is empty")
    hashed = PasswordHasher().hash(password)
    with _session(url) as session:
        user = _find(session, name)
        user.password_hash = hashed
        info = _info(user)
    _audit(url, actor, "user_password", email=info.email)
    return info


def check_password(url: str, name: str, password: str) -> Identity:
    """The identity of an active user whose password this is; PermissionDenied otherwise."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    with _session(url) as session:
        try:
            user = _find(session, name)
        except UsageError:
            user = None
        stored = user.password_hash if user is not None else "!"
        try:
            ok = stored != "!" and PasswordHasher().verify(stored, password)
        except (VerificationError, InvalidHashError):
            ok = False
        if user is None or not ok or not user.is_active:
            raise PermissionDenied("wrong email or password, or the user is disabled")
        return Identity(user.id, user.username, user.email, user.role, user.is_active)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    url: str, name: str, *, actor: str, label: str = "api", expires_in: timedelta | None = None
) -> tuple[str, TokenInfo]:
    """A new token for the user ``name``: (the token, shown once; what is stored of it)."""
    from netauto.db.models import ApiToken

    if expires_in is not None and expires_in.total_seconds() <= 0:
        raise UsageError("--expires must be in the future")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with _session(url) as session:
        user = _find(session, name)
        row = ApiToken(
            id=uuid.uuid4(),
            user_id=user.id,
            name=label,
            prefix=token[:12],
            token_hash=_digest(token),
            created_at=utcnow(),
            expires_at=utcnow() + expires_in if expires_in is not None else None,
        )
        session.add(row)
        session.flush()
        info = _token_info(row, user.email)
    _audit(url, actor, "token_create", email=info.email, token=info.prefix, name=label)
    return token, info


def _token_info(row: ApiToken, email: str) -> TokenInfo:
    return TokenInfo(
        row.id,
        email,
        row.name,
        row.prefix,
        row.created_at,
        row.expires_at,
        row.last_used_at,
        row.revoked_at,
    )


def list_tokens(url: str, name: str | None = None) -> list[TokenInfo]:
    from sqlalchemy import select

    from netauto.db.models import ApiToken, User

    with _session(url) as session:
        query = select(ApiToken, User.email).join(User, User.id == ApiToken.user_id)
        if name is not None:
            query = query.where(ApiToken.user_id == _find(session, name).id)
        rows = session.execute(query.order_by(ApiToken.created_at)).all()
        return [_token_info(row, email) for row, email in rows]


def revoke_token(url: str, prefix: str, *, actor: str) -> TokenInfo:
    """Revoke the token whose id or shown prefix starts with ``prefix``."""
    from sqlalchemy import String, cast, or_, select

    from netauto.db.models import ApiToken, User

    prefix = prefix.strip()
    if len(prefix) < 4:
        raise UsageError("give at least 4 characters of the token id or prefix")
    with _session(url) as session:
        rows = session.execute(
            select(ApiToken, User.email)
            .join(User, User.id == ApiToken.user_id)
            .where(
                or_(
                    ApiToken.prefix.startswith(prefix),
                    cast(ApiToken.id, String).startswith(prefix.replace("-", "")),
                    cast(ApiToken.id, String).startswith(prefix),
                )
            )
        ).all()
        if not rows:
            raise UsageError(f"no token matches {prefix!r}")
        if len(rows) > 1:
            raise UsageError(f"{len(rows)} tokens match {prefix!r}: give more characters")
        row, email = rows[0]
        if row.revoked_at is None:
            row.revoked_at = utcnow()
        info = _token_info(row, email)
    _audit(url, actor, "token_revoke", email=info.email, token=info.prefix)
    return info


def verify_token(url: str, token: str) -> Identity:
    """The identity a bearer token stands for; TokenInvalid says why it does not."""
    from sqlalchemy import select

    from netauto.db.models import ApiToken, User

    if not _TOKEN.match(token or ""):
        raise TokenInvalid("malformed token")
    with _session(url) as session:
        row = session.scalars(select(ApiToken).where(ApiToken.token_hash == _digest(token))).first()
        if row is None:
            raise TokenInvalid("unknown token")
        if row.revoked_at is not None:
            raise TokenInvalid("token revoked")
        if row.expires_at is not None and row.expires_at <= utcnow():
            raise TokenInvalid("token expired")
        user = session.get(User, row.user_id)
        if user is None or not user.is_active:
            raise TokenInvalid("the token's user is disabled")
        # At most one write a minute per token: an API client must not cost a commit a call.
        if row.last_used_at is None or utcnow() - row.last_used_at > timedelta(minutes=1):
            row.last_used_at = utcnow()
        return Identity(user.id, user.username, user.email, user.role, user.is_active)
