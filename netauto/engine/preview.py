"""Commit what was shown: a confirm callback that accepts only the plan a preview showed.

A front end that cannot ask mid-run (the web, a chat's ``/commit``) shows a dry run first and
keeps each router's diff (masked, as reports hold them); the commit run's
``confirm(plan)`` then commits only if the routers that would change and their diffs are
still exactly those. Anything else is declined: nothing is committed, ``report.declined``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netauto.engine.change import Confirm
    from netauto.plan import ChangePlan


def diff_lines(diff: str) -> list[str]:
    """A diff's lines that matter: stripped, without blanks and ``!`` comments."""
    return [line.strip() for line in diff.splitlines() if line.strip() and line[0] != "!"]


def as_previewed(diffs: Mapping[str, str]) -> Confirm:
    """Confirm a plan only if it changes the previewed routers, each by its previewed diff."""
    from netauto.secrets import mask

    wanted = {host: diff_lines(diff) for host, diff in diffs.items()}

    def unchanged(plan: ChangePlan) -> bool:
        now = {host: diff_lines(mask(change.diff)) for host, change in plan.changes.items()}
        return now == wanted

    return unchanged
