"""The password policy of web logins, applied wherever a password is set (CLI, API, web).

What NIST SP 800-63B asks of a memorised secret, and nothing more: at least
:data:`MIN_LENGTH` characters (spaces count: a passphrase is welcome), at most
:data:`MAX_LENGTH`, not one of the 10,000 most common passwords (``data/common-passwords.txt``,
shipped with the package), not the user's own name or email. No composition rules (a digit,
a capital...): they make passwords harder to remember, not to guess. A refusal is one line
that says what to change, never the password itself.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from netauto.exceptions import UsageError

MIN_LENGTH = 12
MAX_LENGTH = 1024  # argon2 hashes anything, but a megabyte "password" is an attack
LIST = "common-passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common (breached) passwords, lower-case."""
    text = files("netauto").joinpath("data", LIST).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def check_new_password(password: str, *, names: tuple[str, ...] = ()) -> None:
    """UsageError (one line) when ``password`` may not be set; ``names``: the user's own
    username and email, which a password may not be."""
    if not password or not password.strip():
        raise UsageError("the password is empty")
    if len(password) < MIN_LENGTH:
        raise UsageError(
            f"the password is too short: use at least {MIN_LENGTH} characters "
            "(a few words with spaces are fine)"
        )
    if len(password) > MAX_LENGTH:
        raise UsageError(f"the password is too long: at most {MAX_LENGTH} characters")
    folded = password.strip().lower()
    if folded in common_passwords():
        raise UsageError("this password is on the list of common, breached passwords: pick another")
    own = {n.strip().lower() for n in names if n.strip()}
    own |= {n.split("@")[0] for n in own if "@" in n}
    if folded in own:
        raise UsageError("the password may not be the user's name or email")
