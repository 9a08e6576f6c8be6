"""Runbook ``remediate``: hier-config's fix for each router's features, through the change flow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from netauto.engine.declaration import COMMIT, POST_CHECKS, REVERT_IN, ROLLOUT, Runbook
from netauto.runbooks.compliance import FEATURE

if TYPE_CHECKING:
    from netauto.engine.change import Confirm
    from netauto.engine.options import RunOptions, Selection
    from netauto.report import RunReport

RUNBOOK = Runbook(
    "remediate",
    "netauto.runbooks.remediate:remediate",
    "Send each router the commands that make its features compliant (hier-config).",
    help="For each router the running config is judged against its intended config "
    "(compliance.yaml, feature by feature) and hier-config computes the fewest IOS commands "
    "that close the gap, negations included. They go through the change flow deploy uses: "
    "the router's own diff first (a dry run by default), then with {commit} a confirmation, "
    "the change lock, a snapshot, post-checks, the revert timer and canary/batches. After the "
    "commit the routers are judged again.",
    params=(FEATURE, COMMIT, REVERT_IN, POST_CHECKS, *ROLLOUT),
    changes_routers=True,
)


def remediate(
    selection: Selection | None = None,
    *,
    feature: Sequence[str] | None = None,
    commit: bool = False,
    confirm: Confirm | None = None,
    revert_in: int | None = None,
    post_checks: bool = True,
    canary: int | None = None,
    batch: str | None = None,
    max_fail: str | None = None,
    options: RunOptions | None = None,
) -> RunReport:
    """Remediate each router's features (``feature``: some of them) through the change flow.

    Dry run: each outcome carries the router's own diff of the remediation commands. With
    ``commit``, as :func:`netauto.runbooks.deploy.deploy`: ``confirm(plan)``, lock, snapshot,
    commit of exactly the previewed commands, post-checks, ``revert_in``, rollout waves; then
    the committed routers' compliance is judged again (a ``compliance`` follow-up and stored
    results).
    """
    from netauto.engine.change import change_runbook
    from netauto.engine.options import settings_of
    from netauto.engine.rollout import Rollout
    from netauto.runbooks.deploy import describe_change, tally
    from netauto.tasks.remediate_config import remediate_config

    from .compliance import rules_of

    rollout = Rollout.for_change(commit, canary, batch, max_fail, revert_in=revert_in)
    features = rules_of(settings_of(options), feature)
    arguments = {"feature": list(feature or []), "revert_in": revert_in, "post_checks": post_checks}
    return change_runbook(
        "remediate",
        remediate_config,
        selection,
        options,
        commit=commit,
        confirm=confirm,
        arguments=arguments,
        note=lambda outcomes: tally(outcomes, commit),
        describe=describe_change,
        revert_in=revert_in,
        post_checks=post_checks,
        rollout=rollout,
        features=[each.to_dict() for each in features],  # JSON: for a Celery worker too
    )
