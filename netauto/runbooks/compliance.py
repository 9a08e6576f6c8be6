"""Runbook ``compliance``: each router's features, intended against its running config."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netauto.engine.declaration import Param, Runbook
from netauto.text import plural

if TYPE_CHECKING:
    from nornir.core.task import MultiResult

    from netauto.compliance import Feature
    from netauto.engine.options import RunOptions, Selection
    from netauto.engine.session import RunSession
    from netauto.report import HostOutcome, RunReport
    from netauto.settings import Settings

FEATURE = Param(
    "feature",
    "list",
    "Only these features of compliance.yaml (default: every feature).",
    item="feature",
    metavar="F",
)
RUNBOOK = Runbook(
    "compliance",
    "netauto.runbooks.compliance:compliance",
    "Compare each router's config with its intended config, feature by feature.",
    help="The features and their rules are compliance.yaml in the project folder: the "
    "sections each owns, its template, whether order matters, lines to ignore, whether "
    "extra lines count. Each router's latest backup is judged (a backup taken now with "
    "{fresh}); a router without one, or whose backup fails, is reported while the others "
    "are judged. Results are stored per router and feature. A router not compliant fails "
    "the run (exit 1).",
    params=(
        FEATURE,
        Param("fresh", "flag", "Take a fresh backup of each router first."),
    ),
    tool_name="compliance",
)


def rules_of(settings: Settings, feature: Sequence[str] | None) -> list[Feature]:
    """The selected features of the project's rules; their templates checked (exit 2)."""
    from netauto.compliance import load_rules, select
    from netauto.templating import load_template

    features = select(load_rules(settings.project_dir), feature)
    for each in features:
        load_template(settings.templates_dir, each.template)
    return features


def brief(features: Sequence[dict[str, Any]]) -> str:
    """``ntp (+1 -1), logging (+1)``: the features not compliant and their line counts."""
    parts = []
    for item in features:
        if item["status"] == "error":
            parts.append(f"{item['feature']} (error: {item['error']})")
        elif item["status"] != "compliant":
            counts = [f"+{len(item['missing'])}"] if item["missing"] else []
            counts += [f"-{len(item['extra'])}"] if item["extra"] else []
            counts += ["order"] if item["order"] else []
            parts.append(f"{item['feature']} ({' '.join(counts)})")
    return ", ".join(parts)


def describe(host: str, multi: MultiResult) -> HostOutcome:
    from netauto.report import HostOutcome

    data = dict(multi[0].result)
    features = data["features"]
    bad = brief(features)
    errors = any(item["status"] == "error" for item in features)
    status = "failed" if errors else "non-compliant" if bad else "compliant"
    detail = bad or f"{plural(len(features), 'feature')} compliant"
    return HostOutcome(host, status, detail=detail, data=data)


def rows_of(found: Sequence[HostOutcome]) -> list[dict[str, Any]]:
    return [
        {"host": outcome.host, "source": outcome.data.get("source"), **item}
        for outcome in found
        for item in outcome.data.get("features", [])
    ]


def store(run: RunSession, found: Sequence[HostOutcome]) -> None:
    """The results in compliance_results; a database problem is a warning, not a failure."""
    from netauto.db.compliance import save_results
    from netauto.exceptions import DatabaseError

    try:
        save_results(run.context.database_url, run.run_id, rows_of(found))
    except DatabaseError as exc:
        run.warnings.append(f"compliance results not stored: {exc}")


def tally(found: Sequence[HostOutcome]) -> str:
    states = [outcome.status for outcome in found]
    failed = len(states) - states.count("compliant") - states.count("non-compliant")
    text = f"{states.count('compliant')} compliant, {states.count('non-compliant')} not compliant"
    return text + (f", {failed} not judged." if failed else ".")


def compliance(
    selection: Selection | None = None,
    *,
    feature: Sequence[str] | None = None,
    fresh: bool = False,
    options: RunOptions | None = None,
) -> RunReport:
    """Judge each router's features (``feature``: some of them) against its intended config.

    Each outcome is ``compliant``, ``non-compliant`` (a failure: exit 1) or ``failed`` (no
    backup, the fresh backup failed, a template could not be rendered); its ``data`` holds
    ``source`` and ``features`` (per feature ``status``, ``missing``, ``extra``, ``order``,
    ``remediation``). The results are stored (compliance_results) with the run.
    """
    from netauto.engine.options import settings_of
    from netauto.engine.outcomes import outcomes
    from netauto.engine.session import open_run
    from netauto.tasks.check_compliance import check_compliance

    features = rules_of(settings_of(options), feature)
    arguments = {"feature": list(feature or []), "fresh": fresh}
    drivers = ("netmiko",) if fresh else ()
    with open_run("compliance", selection, options, arguments=arguments, drivers=drivers) as run:
        rules = [each.to_dict() for each in features]  # JSON: a Celery worker takes it too
        result = run.nr.run(task=check_compliance, features=rules, fresh=fresh)
        found = outcomes(result, describe)
        store(run, found)
    return run.report(found, summary=tally(found))
