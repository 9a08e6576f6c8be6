"""The verification gate: policy, IOS syntax pre-parse, then the router's own dry-run diff.

:func:`verify_candidate` runs the checks in that order and stops at the first failure; its
message is what the model gets back, word for word. The router check is a plain callable
(:data:`DeviceCheck`); the one that talks to a router through Nornir and NAPALM is
``netauto.tasks._router_check.napalm_dry_run``, so this package imports without Nornir.
:func:`parse_router_errors` picks the router's complaints out of its output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from netauto.ai.policy import check_policy
from netauto.ai.syntax import check_syntax

_ERROR = re.compile(r"^\s*% ?(Invalid|Incomplete|Ambiguous|Unknown|Unrecognized)", re.IGNORECASE)


@dataclass
class DeviceVerdict:
    """What the router made of a candidate: its diff, or why it refused."""

    diff: str = ""
    errors: list[str] = field(default_factory=list)


DeviceCheck = Callable[[str], DeviceVerdict]


@dataclass
class Verdict:
    passed: bool
    check: str  # policy:<kind> | syntax | device | ok
    error: str = ""
    diff: str = ""


def verify_candidate(
    candidate: str,
    patterns: Sequence[re.Pattern[str]],
    device_check: DeviceCheck | None,
    *,
    management: str | None = None,
) -> Verdict:
    """Run every check on ``candidate``; the first failure wins."""
    rejection = check_policy(candidate, patterns, management=management)
    if rejection is not None:
        return Verdict(False, f"policy:{rejection.check}", f"rejected: {rejection.reason}")
    issues = check_syntax(candidate)
    if issues:
        listed = "\n".join(str(issue) for issue in issues)
        return Verdict(False, "syntax", f"IOS syntax check failed:\n{listed}")
    if device_check is None:
        return Verdict(True, "ok")
    verdict = device_check(candidate)
    if verdict.errors:
        listed = "\n".join(verdict.errors)
        return Verdict(False, "device", f"the router rejected the configuration:\n{listed}")
    return Verdict(True, "ok", diff=verdict.diff)


def parse_router_errors(output: str) -> list[str]:
    """Each ``% Invalid input ...`` of the router, with the line and caret above it."""
    lines = output.splitlines()
    errors: list[str] = []
    for index, line in enumerate(lines):
        if not _ERROR.match(line):
            continue
        context = lines[max(0, index - 2) : index]
        if context and not context[-1].strip().startswith("^"):
            context = context[-1:]
        errors.append("\n".join([*context, line.strip()]))
    return errors
