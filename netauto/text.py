"""Counts in English: ``plural(1, "router")`` is ``1 router``, ``plural(2, ...)`` ``2 routers``.

Every count netauto prints next to a noun goes through here, so no output reads "1 routers" or
"router(s)". A word that does not take a plain ``s`` gives its plural:
``plural(n, "entry", "entries")``.
"""

from __future__ import annotations


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The word for ``count`` things: ``singular`` for exactly one, else the plural."""
    return singular if count == 1 else (plural or f"{singular}s")


def names(items: list[str], shown: int) -> str:
    """The first ``shown`` of ``items``, then how many more: ``R15, R16 and 3 more``."""
    more = len(items) - shown
    return ", ".join(items[:shown]) + (f" and {more} more" if more > 0 else "")


def first_line(error: BaseException) -> str:
    """An error as one line: its message's first line, else its type's name."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` and its noun: ``1 router``, ``0 routers``, ``3 entries``."""
    return f"{count} {noun(count, singular, plural)}"
