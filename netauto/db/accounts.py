"""Users and API tokens in the database: the rows of ``users`` and ``api_tokens``.

What is checked, hashed and audited is :mod:`netauto.accounts`'s; here are the reads and
writes, each in its own session, plain rows out (:class:`~netauto.db.rows.UserInfo`,
:class:`~netauto.db.rows.TokenInfo`, :class:`~netauto.roles.Identity`). A password or a token
never comes here in clear: only their hashes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, or_, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from netauto.clock import utcnow
from netauto.db.engine import error_text, session_scope
from netauto.db.migrate import ensure_schema
from netauto.db.models import ApiToken, User
from netauto.db.rows import TokenInfo, UserInfo
from netauto.exceptions import DatabaseError, UsageError
from netauto.roles import Identity

LOCKED = "!"  # the password hash of a user without a password: nothing verifies against it


@contextmanager
def _session(url: str) -> Iterator[Session]:
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
        user.password_hash not in ("", LOCKED),
        user.created_at,
    )


def _identity(user: User) -> Identity:
    return Identity(user.id, user.username, user.email, user.role, user.is_active)


def _find(session: Session, name: str) -> User:
    user = _lookup(session, name)
    if user is None:
        raise UsageError(f"no such user: {name}")
    return user


def _lookup(session: Session, name: str) -> User | None:
    return session.scalars(
        select(User).where(or_(User.email == name.strip().lower(), User.username == name))
    ).first()


def lookup(url: str, name: str) -> Identity | None:
    """The user whose username or email is ``name``; None when there is none."""
    with _session(url) as session:
        user = _lookup(session, name)
        return _identity(user) if user is not None else None


def identity_of(url: str, user_id: uuid.UUID) -> Identity | None:
    with _session(url) as session:
        user = session.get(User, user_id)
        return _identity(user) if user is not None else None


def find_user(url: str, name: str) -> UserInfo:
    with _session(url) as session:
        return _info(_find(session, name))


def list_users(url: str) -> list[UserInfo]:
    with _session(url) as session:
        return [_info(u) for u in session.scalars(select(User).order_by(User.email))]


def has_admin(url: str) -> bool:
    """Whether any active admin exists."""
    with _session(url) as session:
        found = session.scalars(select(User.id).where(User.role == "admin", User.is_active))
        return found.first() is not None


def insert_user(
    url: str, *, email: str, role: str, username: str, display_name: str | None
) -> UserInfo:
    """A new user without a password; an operator seen in the log before having an account
    (``<name>@localhost``) is claimed instead. UsageError when the username is taken."""
    with _session(url) as session:
        existing = session.scalars(select(User).where(User.username == username)).first()
        if existing is not None and existing.email == f"{username}@localhost":
            user = existing
            user.email, user.role, user.display_name = email, role, display_name
        elif existing is not None:
            raise UsageError(
                f"username {username} is taken (by {existing.email}); pass {{username}}",
                params=("username",),
            )
        else:
            user = User(id=uuid.uuid4(), username=username, email=email, role=role)
            user.display_name = display_name
            user.password_hash = LOCKED
            user.is_active = True
            session.add(user)
        session.flush()
        return _info(user)


def update_user(
    url: str, name: str, *, end_sessions: bool = False, **values: Any
) -> tuple[UserInfo, dict[str, Any]]:
    """Set columns of the user ``name`` (role, is_active, password_hash); (the user after,
    the values before). ``end_sessions``: every web session of the user ends too.

    UsageError when the change would leave no active admin (the last admin cannot be
    demoted or disabled: nobody could manage users any more).
    """
    with _session(url) as session:
        user = _find(session, name)
        before = {key: getattr(user, key) for key in values}
        was_admin = user.role == "admin" and user.is_active
        for key, value in values.items():
            setattr(user, key, value)
        if end_sessions:
            user.session_epoch = (user.session_epoch or 0) + 1
        if was_admin and not (user.role == "admin" and user.is_active):
            session.flush()
            left = session.scalars(select(User.id).where(User.role == "admin", User.is_active))
            if left.first() is None:
                raise UsageError(f"{user.email} is the last active admin: add another admin first")
        return _info(user), before


def end_sessions(url: str, user_id: uuid.UUID) -> None:
    """End every web session of a user (a logout)."""
    with _session(url) as session:
        user = session.get(User, user_id)
        if user is not None:
            user.session_epoch = (user.session_epoch or 0) + 1


@dataclass(frozen=True)
class Credentials:
    """What a login is checked against: the identity and its password hash."""

    identity: Identity
    password_hash: str
    session_epoch: int = 0


def _credentials(user: User) -> Credentials:
    return Credentials(_identity(user), user.password_hash, user.session_epoch or 0)


def credentials(url: str, name: str) -> Credentials | None:
    with _session(url) as session:
        user = _lookup(session, name)
        return _credentials(user) if user is not None else None


def credentials_of(url: str, user_id: uuid.UUID) -> Credentials | None:
    with _session(url) as session:
        user = session.get(User, user_id)
        return _credentials(user) if user is not None else None


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


def insert_token(
    url: str, name: str, *, label: str, prefix: str, digest: str, expires_at: datetime | None
) -> TokenInfo:
    """Store a token (its hash) for the user ``name``."""
    with _session(url) as session:
        user = _find(session, name)
        row = ApiToken(
            id=uuid.uuid4(),
            user_id=user.id,
            name=label,
            prefix=prefix,
            token_hash=digest,
            created_at=utcnow(),
            expires_at=expires_at,
        )
        session.add(row)
        session.flush()
        return _token_info(row, user.email)


def list_tokens(url: str, name: str | None = None) -> list[TokenInfo]:
    with _session(url) as session:
        query = select(ApiToken, User.email).join(User, User.id == ApiToken.user_id)
        if name is not None:
            query = query.where(ApiToken.user_id == _find(session, name).id)
        rows = session.execute(query.order_by(ApiToken.created_at)).all()
        return [_token_info(row, email) for row, email in rows]


def revoke_token(url: str, prefix: str) -> TokenInfo:
    """Revoke the one token whose id or shown prefix starts with ``prefix``."""
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
        return _token_info(row, email)


def use_token(url: str, digest: str) -> tuple[str, Identity | None]:
    """(state, identity) of the token whose hash is ``digest``: ``ok`` (its last use noted,
    at most once a minute), ``unknown``, ``revoked``, ``expired`` or ``disabled`` (its user)."""
    with _session(url) as session:
        row = session.scalars(select(ApiToken).where(ApiToken.token_hash == digest)).first()
        if row is None:
            return "unknown", None
        if row.revoked_at is not None:
            return "revoked", None
        if row.expires_at is not None and row.expires_at <= utcnow():
            return "expired", None
        user = session.get(User, row.user_id)
        if user is None or not user.is_active:
            return "disabled", None
        # At most one write a minute per token: an API client must not cost a commit a call.
        if row.last_used_at is None or utcnow() - row.last_used_at > timedelta(minutes=1):
            row.last_used_at = utcnow()
        return "ok", _identity(user)
