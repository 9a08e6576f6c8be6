"""The verification gate: policy, IOS syntax pre-parse, then the router's own dry-run diff.

:func:`verify_candidate` runs the checks in that order and stops at the first failure; its
message is what the model gets back, word for word. The router check loads the candidate
through the deploy task in dry-run mode (load, compare, discard: nothing is applied). When
the router refuses a line, NAPALM only says the incremental diff failed, so the router's
exact complaint is read back from the merge file (:func:`router_errors`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nornir.core.task import Task

from netauto.ai.policy import check_policy
from netauto.ai.syntax import check_syntax

# NAPALM's header when ``show archive config incremental-diffs`` reported an error.
FALLBACK = "incremental-diff failed"
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


def _ended(text: str) -> str:
    lines = text.rstrip().splitlines()
    return text if lines and lines[-1].strip() == "end" else text.rstrip() + "\nend\n"


def router_errors(task: Task, candidate: str) -> list[str]:
    """Load the candidate as a merge file and read the router's errors (then discard)."""
    from netauto.connect import connection, device_errors

    device: Any = connection(task, "napalm")
    with device_errors(task, "napalm", "incremental diff"):
        device.load_merge_candidate(config=_ended(candidate))
        try:
            # NAPALM's own merge file; compare_config() hides the router's message.
            path = device._gen_full_path(device.merge_cfg)
            output = str(
                device.device.send_command(
                    f"show archive config incremental-diffs {path} ignorecase"
                )
            )
        finally:
            device.discard_config()
    return parse_router_errors(output)


def napalm_dry_run(task: Task) -> DeviceCheck:
    """The router check for ``task.host``: the deploy task's dry run, nothing committed.

    The deploy task is called as a function, not through ``task.run``: its dry-run diffs of
    rejected attempts would otherwise pile up in the generate row of the operations log. The
    caller holds the host's change lock.
    """
    from netauto.tasks.deploy_config import deploy_config

    def check(candidate: str) -> DeviceVerdict:
        result = deploy_config(task, config=candidate, dry_run=True, post_checks=False, lock=False)
        diff = str(result.diff or "")
        if FALLBACK in diff or "% Invalid" in diff:
            errors = router_errors(task, candidate) or [
                "the router could not parse the configuration (incremental diff failed)"
            ]
            return DeviceVerdict("", errors)
        return DeviceVerdict(diff, [])

    return check
