"""Warnings our dependencies raise when they are imported, and the one place they are filtered.

Our own code's warnings are errors in the tests (``filterwarnings = ["error"]``); a
dependency's deprecation raised at its import time is neither ours to fix nor the user's to
read. Each entry names the exact message and the module that triggers it, says why, and when
to drop it. ``ignore_known()`` applies them to the running process (``netauto`` and its
daemons); the tests add ``PYTEST_FILTERS`` to pytest's own list (tests/conftest.py), since
pytest resets the filters around each test.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownWarning:
    message: str  # the start of the warning's text, exactly (escaped into a regex)
    category: str  # dotted path of the warning class, for pytest's filter lines
    modules: tuple[str, ...]  # the modules whose import triggers it, exactly
    why: str  # why it is filtered, and when to drop the entry


KNOWN: tuple[KnownWarning, ...] = (
    KnownWarning(
        message="DSA is deprecated",
        category="cryptography.utils.CryptographyDeprecationWarning",
        modules=("asyncssh.crypto.dsa", "asyncssh.crypto.misc"),
        why=(
            "cryptography 51 deprecates DSA; asyncssh 2.24 names dsa.DSAPrivateKey at import "
            "(the lab's SSH server). Drop it when an asyncssh release no longer touches DSA "
            "at import (tools/newest.py shows it)."
        ),
    ),
)


def _message(known: KnownWarning) -> str:
    return re.escape(known.message)


def _module(known: KnownWarning) -> str:
    return "(" + "|".join(re.escape(m) for m in known.modules) + r")\Z"


def ignore_known() -> None:
    """Ignore exactly the known import-time warnings of dependencies in this process."""
    for known in KNOWN:
        warnings.filterwarnings(
            "ignore", message=_message(known), category=Warning, module=_module(known)
        )


PYTEST_FILTERS: tuple[str, ...] = tuple(
    f"ignore:{_message(k)}:{k.category}:{_module(k)}" for k in KNOWN
)
