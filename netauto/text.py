"""Counts in English: ``plural(1, "router")`` is ``1 router``, ``plural(2, ...)`` ``2 routers``.

Every count netauto prints next to a noun goes through here, so no output reads "1 routers" or
"router(s)". A word that does not take a plain ``s`` gives its plural:
``plural(n, "entry", "entries")``.
"""

from __future__ import annotations


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The word for ``count`` things: ``singular`` for exactly one, else the plural."""
    return singular if count == 1 else (plural or f"{singular}s")


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` and its noun: ``1 router``, ``0 routers``, ``3 entries``."""
    return f"{count} {noun(count, singular, plural)}"
