"""Open a run: init Nornir, select hosts, group everything into one ``runs`` row, close up.

Every runbook is written the same way::

    def backup(selection=None, *, startup=False, options=None) -> RunReport:
        with open_run("backup", selection, options, arguments={...}) as run:
            result = run.nr.run(task=backup_config, startup=startup)
        return run.report(outcomes(result, describe))

Connections are closed and the operations log flushed when the block ends, also after an
error; what went wrong with the log (results spooled) ends up in ``report.warnings``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netauto.engine.events import EventSink
from netauto.engine.report import FollowUp, HostOutcome, RunReport

if TYPE_CHECKING:
    from nornir.core import Nornir
    from nornir.core.task import AggregatedResult, MultiResult

    from netauto.engine.context import RunContext
    from netauto.settings import Settings


@dataclass(frozen=True)
class Selection:
    """Which hosts a run covers: names, groups, ``key=value`` filters; empty means all."""

    hosts: Sequence[str] = ()
    groups: Sequence[str] = ()
    filters: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "hosts": list(self.hosts),
            "groups": list(self.groups),
            "filters": dict(self.filters),
        }


@dataclass(frozen=True)
class RunOptions:
    """How a run is made, the same for every runbook.

    ``config``: the Nornir config file (default ``config.yaml``, or ``NETAUTO_CONFIG``);
    ``user``: the operator recorded in the log (default ``NETAUTO_USER``, else the OS login);
    ``workers``: parallel hosts; ``on_event``: called with each :class:`Progress` event.
    """

    config: str | os.PathLike[str] | None = None
    user: str | None = None
    workers: int | None = None
    on_event: EventSink | None = None


class RunSession:
    """An open run: the selected Nornir, its settings and context, and what it collected."""

    def __init__(self, name: str, nr: Nornir, context: RunContext, dry_run: bool) -> None:
        self.name = name
        self.nr = nr
        self.context = context
        self.dry_run = dry_run
        self.run_id: str | None = None
        self.followups: list[FollowUp] = []
        self.warnings: list[str] = []

    @property
    def settings(self) -> Settings:
        return self.context.settings

    def follow_up(self, step: FollowUp) -> FollowUp:
        """Keep a follow-up step for the report and record it in the operations log."""
        import uuid

        from netauto.clock import utcnow
        from netauto.oplog.records import OpRecord
        from netauto.oplog.summary import command_text

        self.followups.append(step)
        now = utcnow()
        self.context.record(
            OpRecord(
                id=uuid.uuid4(),
                operation_type=step.name.replace(" ", "_"),
                status="failed" if step.failed else "success",
                run_id=self.context.run_id,
                username=self.context.username,
                command=command_text({"step": step.name}),
                result={"status": step.status, "detail": step.detail, **step.data},
                error_message=step.detail if step.failed else None,
                changed=step.status == "ok" and bool(step.data),
                created_at=now,
                finished_at=now,
            )
        )
        return step

    def report(
        self,
        outcomes: Sequence[HostOutcome],
        *,
        summary: str | None = None,
        note: str = "",
        declined: bool = False,
    ) -> RunReport:
        return RunReport(
            runbook=self.name,
            run_id=self.run_id,
            hosts=sorted(outcomes, key=lambda outcome: outcome.host),
            dry_run=self.dry_run,
            summary=summary,
            note=note,
            followups=list(self.followups),
            warnings=list(self.warnings),
            declined=declined,
        )


@contextmanager
def open_run(
    name: str,
    selection: Selection | None = None,
    options: RunOptions | None = None,
    *,
    dry_run: bool = True,
    arguments: Mapping[str, Any] | None = None,
) -> Iterator[RunSession]:
    """Init Nornir, select hosts, and record everything run inside as one ``runs`` row."""
    from netauto.connect import close_all
    from netauto.engine.context import context_of
    from netauto.engine.events import ProgressEmitter
    from netauto.runner import init_nornir
    from netauto.selection import select_hosts

    selection = selection or Selection()
    options = options or RunOptions()
    nr = init_nornir(
        options.config, dry_run=dry_run, user=options.user, num_workers=options.workers
    )
    context = context_of(nr)
    assert context is not None  # init_nornir always attaches one
    selected = select_hosts(nr, selection.hosts, selection.groups, selection.filters)
    if options.on_event is not None:
        # After the operations-log processor: the log sees a result before the bar does.
        emitter = ProgressEmitter(name, options.on_event)
        selected = selected.with_processors([*selected.processors, emitter])
    run = RunSession(name, selected, context, dry_run)
    processor = context.processor
    args = {**selection.to_dict(), "dry_run": dry_run, **(arguments or {})}
    try:
        if processor is None:
            yield run
        else:
            with processor.run(name, args) as state:
                run.run_id = str(state.id)
                yield run
    finally:
        # Not nr.close_connections(): that is a Nornir run, which processors would see.
        # close_all closes in parallel, never raises, and cuts sessions that do not answer.
        close_all(selected.inventory.hosts.values(), context.settings.num_workers)
        if processor is not None:
            writer = processor.writer
            writer.close()
            if writer.last_error and writer.spool.pending():
                run.warnings.append(
                    f"operations log unreachable ({writer.last_error}); results spooled to "
                    f"{writer.spool.path}, replayed on the next run or by `netauto ops replay`."
                )


def error_of(multi: MultiResult) -> str:
    """One line saying why a host failed (secrets masked)."""
    from netauto.oplog.summary import first_error

    return first_error(multi) or "failed"


def outcomes(
    result: AggregatedResult,
    describe: Callable[[str, MultiResult], HostOutcome],
    *,
    failed_status: str = "failed",
) -> list[HostOutcome]:
    """One outcome per host: ``describe`` for hosts that ran, the error line for failures."""
    from netauto.secrets import mask

    found = []
    for host in sorted(result):
        multi = result[host]
        if multi.failed:
            found.append(
                HostOutcome(
                    host, failed_status, changed=bool(multi.changed), detail=error_of(multi)
                )
            )
        else:
            outcome = describe(host, multi)
            if not outcome.diff and multi[0].diff:
                outcome.diff = mask(str(multi[0].diff))
            found.append(outcome)
    return found
