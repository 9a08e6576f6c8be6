"""Secret settings at rest: Fernet (AES-128-CBC + HMAC-SHA256) with ``NETAUTO_SECRET_KEY``.

The key never lives in a file of the project or in the database; ``netauto settings keygen``
prints a new one. Without it a secret can be neither stored nor read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from netauto.exceptions import ConfigError

KEY_VARIABLE = "NETAUTO_SECRET_KEY"


def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def _fernet(purpose: str) -> object:
    from cryptography.fernet import Fernet

    key = os.environ.get(KEY_VARIABLE, "").strip()
    if not key:
        raise ConfigError(
            f"{purpose} needs {KEY_VARIABLE} (create one with `netauto settings keygen`)"
        )
    try:
        return Fernet(key.encode())
    except (ValueError, TypeError):
        raise ConfigError(
            f"{KEY_VARIABLE} is not a valid key (create one with `netauto settings keygen`)"
        ) from None


def encrypt(value: str, key_name: str) -> str:
    box = _fernet(f"storing the secret setting {key_name}")
    return box.encrypt(value.encode()).decode()  # type: ignore[attr-defined,no-any-return]


def decrypt(token: str, key_name: str) -> str:
    from cryptography.fernet import InvalidToken

    box = _fernet(f"reading the secret setting {key_name}")
    try:
        return box.decrypt(token.encode()).decode()  # type: ignore[attr-defined,no-any-return]
    except InvalidToken:
        raise ConfigError(
            f"cannot decrypt the setting {key_name}: {KEY_VARIABLE} is not the key it was "
            "stored with"
        ) from None


@dataclass(frozen=True)
class Encrypted:
    """A secret read from the database, decrypted only when used (a run that does not use
    it needs no key)."""

    key: str
    token: str = field(repr=False)

    def reveal(self) -> str:
        return decrypt(self.token, self.key)
