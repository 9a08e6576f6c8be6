"""Runbook ``deploy``: render or read a candidate, the router's own diff, commit on purpose."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from netauto.engine.declaration import COMMIT, POST_CHECKS, REVERT_IN, ROLLOUT, Param, Runbook
from netauto.exceptions import UsageError

if TYPE_CHECKING:
    from nornir.core.task import MultiResult

    from netauto.engine.change import Confirm
    from netauto.engine.options import RunOptions, Selection
    from netauto.report import HostOutcome, RunReport

RUNBOOK = Runbook(
    "deploy",
    "netauto.runbooks.deploy:deploy",
    "Load a candidate into each router through NAPALM and show the router's own diff.",
    help="Dry run by default: the running-config is unchanged afterwards. With {commit}, "
    "once the routers that would change are confirmed, each router commits exactly the "
    "candidate shown, passes its post-checks (session alive, getters answer, intended lines "
    "present) and confirms; a router whose commit or post-checks fail is rolled back to "
    "exactly its previous config while the others go on. A merge also removes the lines a "
    "template owns but no longer wants, so a second deploy of the same intent changes "
    "nothing. Each host's change lock is held for the whole run: a second run on the same "
    "router is refused at once.",
    params=(
        Param(
            "template",
            "template",
            "Template to render per host (ios/ntp.j2).",
            short="-t",
            metavar="TEMPLATE",
        ),
        Param(
            "file",
            "path",
            "Config file to load as is, the same on every host.",
            short="-f",
            metavar="FILE",
        ),
        Param("replace", "flag", "Replace the whole running-config (default: merge)."),
        COMMIT,
        REVERT_IN,
        POST_CHECKS,
        *ROLLOUT,
    ),
    changes_routers=True,
)

DESCRIBE = {
    "no change": "no change",
    "would change": "would change",
    "committed": "committed",
    "rolled back": "rolled back, unchanged",
}


def describe_change(host: str, multi: MultiResult, plan: HostOutcome | None = None) -> HostOutcome:
    """A deploy or rollback outcome: what happened, post-checks, confirmation, line counts."""
    from netauto.engine.change import public
    from netauto.engine.outcomes import error_of
    from netauto.report import HostOutcome
    from netauto.secrets import mask

    main = multi[0]
    data = main.result if isinstance(main.result, dict) else {}
    diff = mask(str(main.diff or ""))
    if multi.failed:
        return HostOutcome(host, "failed", bool(main.changed), error_of(multi), diff, public(data))
    status = str(data.get("status") or "")
    text = DESCRIBE.get(status, status or "ok")
    if data.get("warning"):
        text += f"; {data['warning']}"
    if status == "committed":
        if data.get("post_checks") is not None:
            text += ", post-checks passed"
        if data.get("confirmed"):
            text += ", confirmed"
    if diff:
        lines = diff.splitlines()
        plus = sum(1 for line in lines if line.lstrip().startswith("+"))
        minus = sum(1 for line in lines if line.lstrip().startswith("-"))
        text += f" (+{plus} -{minus})"
    return HostOutcome(host, "ok", bool(main.changed), text, diff, public(data))


def tally(outcomes: Sequence[HostOutcome], commit: bool) -> str:
    """The closing sentence: what would change, or what was committed and rolled back."""
    states = [outcome.data.get("status") for outcome in outcomes]
    if not commit:
        changing = states.count("would change")
        return f"{changing} would change. Dry run: nothing was committed."
    parts = [f"{states.count('committed')} committed"]
    for state in ("rolled back", "rollback failed", "not committed"):
        if states.count(state):
            parts.append(f"{states.count(state)} {state}")
    return ", ".join(parts) + "."


def deploy(
    selection: Selection | None = None,
    *,
    template: str | None = None,
    file: str | os.PathLike[str] | None = None,
    candidate: str | None = None,
    replace: bool = False,
    commit: bool = False,
    confirm: Confirm | None = None,
    revert_in: int | None = None,
    post_checks: bool = True,
    canary: int | None = None,
    batch: str | None = None,
    max_fail: str | None = None,
    options: RunOptions | None = None,
) -> RunReport:
    """Load a candidate into each router through NAPALM; commit it only with ``commit``.

    The candidate is ``template`` rendered per host, or ``file`` or ``candidate`` (text) as
    is. Dry run: each outcome carries the router's own diff, the running-config unchanged. With
    ``commit``, ``confirm(plan)`` is asked first (None: commit without asking), then each
    router that would change commits exactly the previewed candidate, passes its post-checks
    (session alive, getters answer, intended lines present) and confirms the revert timer
    (``revert_in``); a router whose commit or post-checks fail is rolled back to exactly its
    previous config while the others go on. ``replace`` replaces the whole running-config.
    ``canary`` (N routers first), ``batch`` (``"5"`` or ``"20%"`` per wave) and ``max_fail``
    (``"10%"``) roll the commit out in waves (:mod:`netauto.engine.rollout`).
    """
    from netauto.engine.change import change_runbook
    from netauto.engine.options import settings_of
    from netauto.engine.rollout import Rollout
    from netauto.secrets import mask
    from netauto.tasks._candidate import read_candidate
    from netauto.tasks.deploy_config import deploy_config
    from netauto.templating import load_template

    if sum(given is not None for given in (template, file, candidate)) != 1:
        raise UsageError("give one of {template} or {file}", params=("template", "file"))
    rollout = Rollout.for_change(commit, canary, batch, max_fail, revert_in=revert_in)
    if template is not None:
        load_template(settings_of(options).templates_dir, template)
    if file is not None:
        read_candidate(file)  # a binary or non-UTF-8 file: exit 2 before any router
    arguments = {
        "template": template,
        "file": str(file) if file is not None else None,
        "candidate": mask(candidate) if candidate is not None else None,
        "replace": replace,
        "revert_in": revert_in,
        "post_checks": post_checks,
    }
    return change_runbook(
        "deploy",
        deploy_config,
        selection,
        options,
        commit=commit,
        confirm=confirm,
        arguments=arguments,
        note=lambda outcomes: tally(outcomes, commit),
        describe=describe_change,
        revert_in=revert_in,
        post_checks=post_checks,
        template=template,
        filename=file,
        config=candidate,
        replace=replace,
        rollout=rollout,
    )
