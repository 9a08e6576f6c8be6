"""Open a run: init Nornir, select hosts, group everything into one ``runs`` row, close up.

What it is called with is :mod:`netauto.engine.options`; what it hands its report,
:mod:`netauto.engine.outcomes`. Every runbook is written the same way::

    def backup(selection=None, *, startup=False, options=None) -> RunReport:
        with open_run("backup", selection, options, arguments={...}) as run:
            result = run.nr.run(task=backup_config, startup=startup)
        return run.report(outcomes(result, describe))

Connections are closed and the operations log flushed when the block ends, also after an
error; what went wrong with the log (results spooled) ends up in ``report.warnings``.
"""

from __future__ import annotations

import atexit
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from netauto.auth import Permission
from netauto.engine.options import (
    OptionsChecked,
    RunOptions,
    Selection,
    check_workers,
    checking_only,
)
from netauto.interrupt import requested
from netauto.report import FollowUp, HostOutcome, RunReport
from netauto.text import names

if TYPE_CHECKING:
    from nornir.core import Nornir

    from netauto.context import RunContext
    from netauto.settings import Settings


class RunSession:
    """An open run: the selected Nornir, its settings and context, and what it collected."""

    def __init__(self, name: str, nr: Nornir, context: RunContext, dry_run: bool) -> None:
        self.name = name
        self.nr = nr
        self.context = context
        self.dry_run = dry_run
        self.run_id: str | None = None
        self.schedule_id: uuid.UUID | None = None
        self.followups: list[FollowUp] = []
        self.warnings: list[str] = []
        self.errors: list[str] = []

    @property
    def settings(self) -> Settings:
        return self.context.settings

    def follow_up(self, step: FollowUp) -> FollowUp:
        """Keep a follow-up step for the report and record it in the operations log.

        A step that failed fails the run (its report, and its ``runs`` row with the step's
        detail), whatever its hosts did: a backup whose git commit failed.
        """
        import uuid

        from netauto.clock import utcnow
        from netauto.db.records import OpRecord
        from netauto.oplog.summary import command_text

        self.followups.append(step)
        processor = self.context.processor
        if step.failed and processor is not None and processor.current is not None:
            processor.current.error = processor.current.error or step.detail
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
        """The run's report; the events it tells (a router down, a changed config) are made."""
        from netauto.secrets import mask_data

        # The gate before a report is printed, served or handed to a model: in every host's
        # data, what a key names a secret (a getter's password, community, key) is masked,
        # wherever else it appears too. Text is each runbook's own (facts masks its getters'
        # text as configs are; a show command's output goes to the operator as the router
        # said it, and the chat replaces its secrets by placeholders it can restore).
        hosts = [replace(outcome, data=mask_data(outcome.data, text=str)) for outcome in outcomes]
        report = RunReport(
            runbook=self.name,
            run_id=self.run_id,
            hosts=sorted(hosts, key=lambda outcome: outcome.host),
            dry_run=self.dry_run,
            summary=summary,
            note=note,
            followups=list(self.followups),
            warnings=list(self.warnings),
            declined=declined,
            errors=list(self.errors),
            interrupted=requested(),
        )
        processor = self.context.processor
        reachable = processor is None or not processor.writer.last_error
        if self.run_id is not None and reachable:  # events go beside the run in the log
            from netauto.notify.runs import run_events

            schedule = str(self.schedule_id) if self.schedule_id else None
            run_events(self.context.database_url, report, schedule_id=schedule)
        return report


@contextmanager
def open_run(
    name: str,
    selection: Selection | None = None,
    options: RunOptions | None = None,
    *,
    dry_run: bool = True,
    arguments: Mapping[str, Any] | None = None,
    permission: Permission = Permission.READ,
    drivers: tuple[str, ...] | None = None,
    close_when_done: bool = False,
    files: bool = False,
) -> Iterator[RunSession]:
    """Init Nornir, check the operator, select hosts, record what runs inside as one run.

    ``permission`` is what the run needs of its operator (``Permission.CHANGE`` for a commit);
    with ``auth.enforce`` an operator without it is refused (PermissionDenied) before any
    router is touched. ``drivers``: the connection plugins the run uses, imported before its
    threads start (default all; another one still loads on its first connection).
    ``close_when_done``: close a host's sessions when its task completes (runbooks whose
    hosts run one task), instead of at the end of the run. ``files``: the run writes a file
    named after each host (backup, render): a host whose name cannot be a file name
    (``../x``) is refused (UsageError) before any router.
    """
    from netauto.auth import authorize
    from netauto.connect import close_all
    from netauto.context import context_of
    from netauto.engine.events import ProgressEmitter
    from netauto.plugins.connections import preload_drivers
    from netauto.runner import init_nornir
    from netauto.selection import select_hosts

    if checking_only():
        raise OptionsChecked(name)
    selection = selection or Selection()
    options = options or RunOptions()
    check_workers(options.workers)
    # Before the writer and worker threads: no import race in a login.
    preload_drivers(*(() if drivers is None else (drivers,)))
    nr = init_nornir(
        options.config,
        dry_run=dry_run,
        user=options.user,
        num_workers=options.workers,
        executor=options.executor,
    )
    context = context_of(nr)
    assert context is not None  # init_nornir always attaches one
    try:
        # Before any router: who may run this, and on which hosts.
        authorize(context.settings, context.username, permission)
        selected = select_hosts(nr, selection.hosts, selection.groups, selection.filters)
        if files:
            from netauto.filenames import check_file_names

            check_file_names(selected.inventory.hosts)
    except BaseException:
        if context.processor is not None:
            context.processor.writer.close()
        raise
    if options.on_event is not None:
        # After the operations-log processor: the log sees a result before the bar does.
        emitter = ProgressEmitter(name, options.on_event)
        selected = selected.with_processors([*selected.processors, emitter])
    if close_when_done:  # last: the log and the progress events see the result first
        from netauto.engine.closing import CloseWhenDone

        selected = selected.with_processors([*selected.processors, CloseWhenDone()])
    run = RunSession(name, selected, context, dry_run)
    run.schedule_id = options.schedule_id
    strangers = sorted(context.lab_hosts & set(selected.inventory.hosts))
    if context.lab_problem and strangers:
        run.warnings.append(f"{names(strangers, 5)}: {context.lab_problem}")
    processor = context.processor
    args = {**selection.to_dict(), "dry_run": dry_run, **(arguments or {})}
    try:
        if processor is None:
            yield run
        else:
            with processor.run(name, args, task_id=options.schedule_id) as state:
                run.run_id = str(state.id)
                try:
                    yield run
                finally:
                    if requested() is not None:
                        state.error = f"interrupted by {requested()}"
    finally:
        # Not nr.close_connections(): that is a Nornir run, which processors would see.
        # close_all closes in parallel, never raises, and cuts sessions that do not answer.
        close_all(selected.inventory.hosts.values(), context.settings.num_workers)
        if processor is not None:
            writer = processor.writer
            writer.close()
            # init_nornir registered it for exit: forget it, or a long-lived process that
            # runs many runbooks (the scheduler) keeps every writer alive.
            atexit.unregister(writer.close)
            if writer.last_error and writer.spool.pending():
                run.warnings.append(
                    f"operations log unreachable ({writer.last_error}); results spooled to "
                    f"{writer.spool.path}, replayed on the next run or by `netauto ops replay`."
                )
            warnings, failure = writer.problems()
            run.warnings.extend(warnings)
            if failure is not None:
                run.errors.append(failure)
