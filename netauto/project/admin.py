"""The project's admin parts: users, tokens, settings, change locks, chat sessions.

Every change is made (and audited in the operations log) as the project's operator; who may
make it is the front end's to check first (:meth:`Project.authorize`, or the web's login).
"""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netauto.auth import Identity
    from netauto.db.conversations import SessionInfo, StoredMessage
    from netauto.db.lock_admin import Released
    from netauto.db.rows import LockInfo, SettingRow, TokenInfo, UserInfo
    from netauto.project.core import Project


class Users:
    """``project.users``: accounts and roles (argon2 hashes, never shown)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def list(self) -> builtins.list[UserInfo]:
        from netauto.accounts import list_users

        return list_users(self.project.url)

    def find(self, name: str) -> UserInfo:
        """The user whose email or username is ``name``; UsageError when there is none."""
        from netauto.accounts import find_user

        return find_user(self.project.url, name)

    def has_admin(self) -> bool:
        from netauto.accounts import has_admin

        return has_admin(self.project.url)

    def add(
        self,
        email: str,
        role: str,
        *,
        display_name: str | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> UserInfo:
        """A new user (without a password unless one is given: a password the policy refuses
        refuses the user too, before anything is stored)."""
        from netauto.accounts import add_user
        from netauto.passwords import check_new_password

        if password:
            check_new_password(password, names=(username or email.split("@")[0], email))
        url, actor = self.project.url, self.project.operator
        info = add_user(url, email, role, actor=actor, display_name=display_name, username=username)
        return self.set_password(info.email, password) if password else info

    def set_role(self, name: str, role: str) -> UserInfo:
        from netauto.accounts import set_role

        return set_role(self.project.url, name, role, actor=self.project.operator)

    def set_active(self, name: str, active: bool) -> UserInfo:
        from netauto.accounts import set_active

        return set_active(self.project.url, name, active, actor=self.project.operator)

    def set_display_name(self, name: str, display_name: str | None) -> UserInfo:
        from netauto.accounts import set_display_name

        return set_display_name(self.project.url, name, display_name, actor=self.project.operator)

    def set_password(self, name: str, password: str) -> UserInfo:
        from netauto.accounts import set_password

        return set_password(self.project.url, name, password, actor=self.project.operator)

    def end_sessions(self, user_id: uuid.UUID) -> None:
        """End every web session of a user (a logout)."""
        from netauto.accounts import end_sessions

        end_sessions(self.project.url, user_id)

    def canonical(self, name: str) -> str:
        """One key per account, whether named by email or username (the user's id); an
        unknown name stands for itself, folded and hashed (it is attacker-chosen: short)."""
        import hashlib

        from netauto.accounts import lookup_id

        found = lookup_id(self.project.url, name)
        if found is not None:
            return found.hex
        return "?" + hashlib.sha256(name.strip().lower().encode()).hexdigest()[:32]

    def check_password(self, name: str, password: str) -> Identity:
        """The identity of an active user whose password this is; PermissionDenied else."""
        from netauto.accounts import check_password

        return check_password(self.project.url, name, password)

    def login_state(self, user_id: uuid.UUID) -> tuple[Identity, str] | None:
        """(identity, fingerprint of its password hash) of a user id; None when unknown.

        A web session keeps the fingerprint: a new password ends the session."""
        from netauto.accounts import login_state

        return login_state(self.project.url, user_id)


class Tokens:
    """``project.tokens``: API tokens (shown once when created; only their hash is kept)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def create(
        self, email: str, *, label: str = "api", expires_in: timedelta | None = None
    ) -> tuple[str, TokenInfo]:
        """(the token, shown once; what is stored of it)."""
        from netauto.accounts import create_token

        return create_token(
            self.project.url, email, actor=self.project.operator, label=label, expires_in=expires_in
        )

    def list(self, email: str | None = None) -> builtins.list[TokenInfo]:
        from netauto.accounts import list_tokens

        return list_tokens(self.project.url, email)

    def revoke(self, prefix: str) -> TokenInfo:
        from netauto.accounts import revoke_token

        return revoke_token(self.project.url, prefix, actor=self.project.operator)

    def verify(self, token: str) -> Identity:
        """The identity a bearer token stands for; TokenInvalid says why it does not."""
        from netauto.accounts import verify_token

        return verify_token(self.project.url, token)


class SettingsTable:
    """``project.settings_table``: every setting, its value as shown and its source; the
    ones kept in the database are set and unset here (a secret encrypted)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def rows(self) -> list[SettingRow]:
        from netauto.settings_store import rows

        return list(rows(self.project.settings))

    def row(self, key: str) -> SettingRow:
        from netauto.settings_schema import spec_of

        spec_of(key)  # an unknown key is a one-line error naming the known ones
        return next(row for row in self.rows() if row.key == key)

    def shown(self, key: str) -> str:
        """One value as it may be printed (a secret is ``<set>``)."""
        from netauto.settings_schema import spec_of
        from netauto.settings_store import shown

        spec_of(key)
        return shown(self.project.settings, key)

    def set(self, key: str, text: str) -> None:
        """Store ``key`` in the database (checked against the schema; audited); the
        project's settings are read again."""
        from netauto.settings_store import store

        store(self.project.url, key, text, actor=self.project.operator)
        self.project.reload()

    def unset(self, key: str) -> None:
        from netauto.settings_store import store

        store(self.project.url, key, None, actor=self.project.operator)
        self.project.reload()


class Locks:
    """``project.locks``: the routers' change locks, with whether their owner lives."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def list(self) -> builtins.list[LockInfo]:
        from netauto.db.lock_admin import list_locks

        return list_locks(self.project.url)

    def release(self, hosts: builtins.list[str], *, force: bool = False) -> builtins.list[Released]:
        """Release the locks of ``hosts`` (a live owner's only with ``force``); audited."""
        from netauto.db.lock_admin import release_locks

        return release_locks(self.project.url, hosts, actor=self.project.operator, force=force)

    def runs(self, hosts: Iterable[str]) -> dict[str, uuid.UUID | None]:
        """The run holding each of ``hosts``' locks now (unexpired ones; free hosts left
        out)."""
        from netauto.db.lock_notes import lock_runs

        return lock_runs(self.project.url, hosts)


class Conversations:
    """``project.conversations``: the operator's own chat sessions."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def list(self, *, limit: int = 20) -> builtins.list[SessionInfo]:
        from netauto.db.conversations import sessions

        return sessions(self.project.url, self.project.operator, limit)

    def load(self, session_id: str) -> builtins.list[StoredMessage]:
        """The messages of one of the operator's sessions; UsageError when it is not one."""
        from netauto.db.conversations import load

        return load(self.project.url, session_id, self.project.operator)

    def save(self, session_id: str, role: str, content: str, metadata: dict[str, Any]) -> None:
        """Store one message of the operator's session (secrets masked); a database failure
        is logged, the conversation goes on."""
        from netauto.db.conversations import save

        save(self.project.url, self.project.operator, session_id, role, content, metadata)
