"""The one change flow of deploy, rollback and generate: plan, confirm, commit what was shown.

1. The change lock of every selected host is taken for the whole run; a host locked by
   another run fails at once, the others go on.
2. **Plan**: the runbook's task runs as a dry run on each free host and yields the router's
   own diff of its candidate. Nothing is committed.
3. **Confirm**: ``confirm(plan)`` is asked once, with every host's diff. ``confirm=None``
   commits without asking (``--yes``, a script); a refusal ends the run, nothing committed.
4. **Commit**: :func:`netauto.tasks.commit_config.commit_config` commits exactly the
   previewed candidate of each host that would change, not a re-rendered one; the router's
   diff must still be the previewed diff. Snapshot, post-checks, revert timer and rollback on
   failure as in ``deploy_config``. With a :class:`~netauto.engine.rollout.Rollout` the
   commit runs in waves (canary, batches) and stops when the canary or too many routers
   fail; the routers after that are not touched, and a ``rollout`` row says why.

What the operations log holds is the same on every path (dry run, prompt, ``--yes``, the
library): one plan row per host with the runbook task's own type (``config_deploy``,
``config_rollback``, ``ai_generate``; ``result.status`` ``would change`` or ``no change``),
then, when committing, one ``config_commit`` row per host that would change (``committed``,
``rolled back`` or ``rollback failed``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from netauto.engine.rollout import Rollout, RolloutReport
from netauto.exceptions import UsageError
from netauto.interrupt import requested, working
from netauto.plan import ChangePlan, PlannedChange
from netauto.report import FollowUp, HostOutcome

if TYPE_CHECKING:
    from nornir.core import Nornir
    from nornir.core.inventory import Host
    from nornir.core.task import AggregatedResult, MultiResult

    from netauto.engine.options import RunOptions, Selection
    from netauto.engine.session import RunSession
    from netauto.report import RunReport

# Keys of a task's result that stay out of reports: the full candidate text.
PRIVATE_KEYS = ("candidate",)


Confirm = Callable[[ChangePlan], bool]
# (host, that host's results, its plan outcome when this is the commit) -> its outcome.
Describe = Callable[[str, "MultiResult", HostOutcome | None], HostOutcome]


@dataclass
class ChangeResult:
    outcomes: list[HostOutcome]
    plan: ChangePlan
    declined: bool = False
    rollout: RolloutReport | None = None  # with a rollout strategy, what it did

    def noted(self, note: str) -> str:
        """A report's closing note, with what the rollout did when there was one."""
        if self.rollout is None:
            return note
        return f"{note} {self.rollout.detail[0].upper()}{self.rollout.detail[1:]}"


def public(data: Any) -> dict[str, Any]:
    """A task's result dict without the private keys; {} for anything else."""
    if not isinstance(data, Mapping):
        return {}
    return {key: value for key, value in data.items() if key not in PRIVATE_KEYS}


def _usage_error(result: AggregatedResult) -> UsageError | None:
    """A bad template or input fails every host the same way: that is exit 2, not 1."""
    for multi in result.values():
        for each in multi:
            if isinstance(each.exception, UsageError):
                return each.exception
    return None


def _planned(host: str, multi: MultiResult) -> PlannedChange | None:
    main = multi[0]
    data = main.result if isinstance(main.result, Mapping) else {}
    if multi.failed or not main.changed or not isinstance(data.get("candidate"), str):
        return None
    return PlannedChange(
        host, data["candidate"], str(main.diff or ""), replace=data.get("mode") == "replace"
    )


def change_runbook(
    runbook: str,
    task: Callable[..., Any],
    selection: Selection | None,
    options: RunOptions | None,
    *,
    commit: bool,
    confirm: Confirm | None,
    arguments: dict[str, Any],
    note: Callable[[list[HostOutcome]], str],
    files: bool = False,
    **change: Any,
) -> RunReport:
    """A change runbook's whole run: the run opened (committing needs the CHANGE permission,
    a dry run READ), :func:`run_change` with ``change`` (its options and the task's own
    arguments), and the report closed with ``note(outcomes)`` and what a rollout did.
    ``files``: it writes a file named after each host (:func:`open_run`'s ``files``)."""
    # The change locks (SQLAlchemy) first, on this thread: open_run starts the log writer,
    # whose thread loads SQLAlchemy too, and two threads importing it at once break it.
    import netauto.db.locks  # noqa: F401
    from netauto.auth import Permission
    from netauto.engine.session import open_run

    needs = Permission.CHANGE if commit else Permission.READ
    with open_run(
        runbook,
        selection,
        options,
        dry_run=not commit,
        arguments=arguments,
        permission=needs,
        files=files,
    ) as run:
        result = run_change(run, task, commit=commit, confirm=confirm, **change)
        closing = result.noted(note(result.outcomes))
        if commit and requested() is None:  # a stopped run connects to nothing more
            from netauto.engine.rejudge import rejudge

            judged = rejudge(run, result.outcomes)
            closing += f" {judged.detail[0].upper()}{judged.detail[1:]}." if judged else ""
    return run.report(result.outcomes, note=closing, declined=result.declined)


def run_change(
    run: RunSession,
    task: Callable[..., Any],
    *,
    commit: bool,
    confirm: Confirm | None,
    describe: Describe,
    revert_in: int | None = None,
    post_checks: bool = True,
    snapshot_reason: str = "deploy",
    rollout: Rollout | None = None,
    **kwargs: Any,
) -> ChangeResult:
    """Plan ``task`` (a dry run taking ``lock``) on the run's hosts; commit if asked and agreed.

    ``describe`` turns a host's results into its outcome. A UsageError that every host hit
    in the plan (a bad template) is raised, not reported per host. ``rollout`` commits in
    waves and may stop before every router is committed. The locks are held at least as
    long as a revert timer (``revert_in``) could still fire.
    """
    from netauto.db.locks import hold_many, lock_ttl

    context = run.context
    hosts = sorted(run.nr.inventory.hosts)
    run_uuid = context.run_id
    with hold_many(
        context.database_url,
        hosts,
        owner=context.username,
        run_id=run_uuid,
        ttl=lock_ttl(revert_in),
        problems=run.warnings,
    ) as refused:
        if context.processor is not None:
            kind = str(getattr(task, "operation_type", None) or task.__name__)
            for host, why in sorted(refused.items()):
                context.processor.host_refused(kind, host, why)
        free = run.nr.filter(filter_func=lambda h: h.name not in refused)
        with working():
            _clear_leftovers(
                free, context.database_url, [h for h in hosts if h not in refused], run.warnings
            )
            planned = free.run(task=task, dry_run=True, lock=False, **kwargs)
        error = _usage_error(planned)
        if error is not None:
            raise error
        outcomes = {host: describe(host, multi, None) for host, multi in planned.items()}
        outcomes.update(
            {host: HostOutcome(host, "failed", detail=why) for host, why in refused.items()}
        )
        plan = ChangePlan(run.name, run.run_id, sorted(outcomes.values(), key=lambda o: o.host))
        for host, multi in planned.items():
            change = _planned(host, multi)
            if change is not None:
                plan.changes[host] = change
        if not commit or not plan.changes:
            return ChangeResult(plan.outcomes, plan)
        if requested() is None and confirm is not None and not confirm(plan):
            return ChangeResult(plan.outcomes, plan, declined=True)
        with working():
            committed, report = _commit_waves(
                free,
                plan,
                rollout,
                revert_in=revert_in,
                post_checks=post_checks,
                snapshot_reason=snapshot_reason,
            )
    for host, multi in committed.items():
        outcomes[host] = describe(host, multi, outcomes[host])
    for host in plan.hosts if requested() is not None else ():
        if host not in committed:  # a signal stopped the run before this router's wave
            why = f"interrupted by {requested()}: not committed, nothing changed"
            outcomes[host] = HostOutcome(host, "failed", detail=why, diff=outcomes[host].diff)
    if report is not None:
        for number, wave in enumerate(report.waves, 1):
            for host in wave:
                outcomes[host].data["wave"] = number
        for host in report.untouched:
            outcomes[host] = _untouched(outcomes[host], report.stopped or "")
        status = "failed" if report.stopped else "ok"
        run.follow_up(FollowUp("rollout", status, report.detail, asdict(report)))
    return ChangeResult(sorted(outcomes.values(), key=lambda o: o.host), plan, rollout=report)


def _clear_leftovers(free: Nornir, url: str, hosts: list[str], warnings: list[str]) -> None:
    """Settle what dead runs left on routers whose locks this run took over, before the plan:
    their temporary lines, and a change still under a revert timer (reverted: a warning)."""
    from netauto.db.lock_notes import inherited_cleanup
    from netauto.tasks.clear_leftovers import clear_leftovers

    leftovers = inherited_cleanup(url, hosts)
    if not leftovers:
        return
    done = free.filter(filter_func=_only(set(leftovers))).run(
        task=clear_leftovers, leftovers=leftovers
    )
    for host, multi in sorted(done.items()):
        if multi.failed:
            why = str(multi[0].exception or multi[0].result).strip().splitlines()
            warnings.append(f"{host}: what a dead run left could not be settled: {why[0]}")
        elif (multi[0].result or {}).get("reverted"):
            warnings.append(
                f"{host}: reverted the unconfirmed change of a dead run (its revert timer was "
                "pending) before planning"
            )


def _only(names: set[str]) -> Callable[[Host], bool]:
    return lambda host: host.name in names


def _commit_waves(
    free: Nornir, plan: ChangePlan, rollout: Rollout | None, **options: Any
) -> tuple[dict[str, MultiResult], RolloutReport | None]:
    """Commit the plan's hosts, wave after wave; stop where the rollout says."""
    from netauto.tasks.commit_config import commit_config

    hosts = plan.hosts
    waves = rollout.waves(hosts) if rollout is not None else [hosts]
    report = RolloutReport(rollout.describe()) if rollout is not None else None
    results: dict[str, MultiResult] = {}
    failed = 0
    for number, wave in enumerate(waves, 1):
        if requested():
            break  # the routers of this wave and later ones are not touched
        done = free.filter(filter_func=_only(set(wave))).run(
            task=commit_config, plan=plan, dry_run=False, lock=False, **options
        )
        results.update(done)
        wave_failed = sorted(host for host, multi in done.items() if multi.failed)
        failed += len(wave_failed)
        if rollout is None or report is None:
            continue
        report.waves.append(list(wave))
        report.stopped = rollout.stop_reason(number, wave_failed, failed, len(hosts))
        if report.stopped:
            report.untouched = [host for later in waves[number:] for host in later]
            break
    if report is not None:
        report.changed = sorted(h for h, m in results.items() if m.changed and not m.failed)
        report.failed = sorted(h for h, m in results.items() if m.failed)
    return results, report


def _untouched(planned: HostOutcome, why: str) -> HostOutcome:
    """A router the stopped rollout never committed: as planned, not touched."""
    data = {**planned.data, "status": "not committed", "rollout": "untouched"}
    detail = f"not committed: rollout stopped ({why})"
    return HostOutcome(planned.host, "skipped", False, detail, planned.diff, data)
