"""After a commit, the touched routers' compliance judged again (deploy, rollback, generate,
remediate): the fleet's compliance never lags behind a change netauto made itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netauto.engine.session import RunSession
    from netauto.report import FollowUp, HostOutcome

# A router in one of these states after a commit has had its config touched.
TOUCHED = ("committed", "rolled back", "rollback failed")


def touched(outcomes: Sequence[HostOutcome]) -> list[str]:
    return sorted(o.host for o in outcomes if o.data.get("status") in TOUCHED)


def rejudge(run: RunSession, outcomes: Sequence[HostOutcome]) -> FollowUp | None:
    """Judge the touched routers' features on their running config now, store the results
    and add a ``compliance`` follow-up (returned). Without compliance.yaml, nothing."""
    from netauto.compliance import RULES_FILE, load_rules
    from netauto.db.compliance import save_results
    from netauto.exceptions import NetautoError
    from netauto.report import FollowUp
    from netauto.tasks.check_compliance import check_compliance

    hosts = touched(outcomes)
    if not hosts or not (run.settings.project_dir / RULES_FILE).is_file():
        return None
    try:
        features = [each.to_dict() for each in load_rules(run.settings.project_dir)]
        chosen = run.nr.filter(filter_func=lambda host: host.name in hosts)
        # on_failed: a router rolled back after a failed commit is judged too.
        result = chosen.run(task=check_compliance, features=features, live=True, on_failed=True)
        rows: list[dict[str, Any]] = []
        verdicts: dict[str, str] = {}
        for host, multi in sorted(result.items()):
            if multi.failed:
                verdicts[host] = "not judged"
                continue
            items = multi[0].result["features"]
            rows += [{"host": host, "source": "live", **item} for item in items]
            bad = [item["feature"] for item in items if item["status"] != "compliant"]
            verdicts[host] = f"not compliant ({', '.join(bad)})" if bad else "compliant"
        save_results(run.context.database_url, run.run_id, rows)
    except NetautoError as exc:
        return run.follow_up(FollowUp("compliance", "failed", f"compliance not judged: {exc}"))
    detail = "compliance after the commit: " + "; ".join(f"{h} {v}" for h, v in verdicts.items())
    return run.follow_up(FollowUp("compliance", "ok", detail, {"hosts": verdicts}))
