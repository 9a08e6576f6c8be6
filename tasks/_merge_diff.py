"""The router's diff of a change as an operator reads it (helper, not a task): a merge's
removals shown as removals, the lines it replaces shown too; compared line by line."""

from __future__ import annotations

# NAPALM's merge diff when IOS's incremental diff failed, usually on a line IOS rejects.
FALLBACK = "! incremental-diff failed"


def diff_lines(diff: str) -> list[str]:
    return [line.strip() for line in diff.splitlines() if line.strip() and line[0] != "!"]


def readable(diff: str) -> str:
    """NAPALM marks a merge's ``no`` lines ``-no ...``; show what goes away instead."""
    return "\n".join(
        "-" + line[4:] if line.startswith("-no ") else line for line in diff.splitlines()
    )


def preview(before: str, loaded: str, diff: str) -> str:
    """A merge's diff as the config will read after it (hier-config, the comparison
    compliance uses): a line the merge replaces (an interface's old description) is shown
    removed, which the router's own diff of a merge leaves out. The router's diff stays the
    judge of whether anything changes at all."""
    if not diff or diff.startswith(FALLBACK):
        return diff
    from netauto.compliance.hconfig import merge_diff

    try:
        return merge_diff(before, loaded) or diff
    except ValueError:  # a config hier-config cannot read: the router's own diff
        return diff
