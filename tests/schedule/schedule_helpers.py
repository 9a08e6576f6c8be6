"""Helpers of the schedule tests: waiting on the database, a scheduler loop, users, processes.

No test sleeps a fixed time: each waits for a state of the database, with a deadline.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select, update

from netauto.clock import utcnow
from netauto.db.engine import get_engine, session_scope
from netauto.db.models import AutomationTask, OperationLog, Run, User

T = TypeVar("T")
NETAUTO = str(Path(sys.executable).with_name("netauto"))


def wait_for(check: Callable[[], T], what: str, timeout: float = 45) -> T:
    """Poll ``check`` until it returns something true; fail naming ``what`` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def task(url: str, name: str) -> AutomationTask:
    with session_scope(url) as session:
        row = session.scalars(select(AutomationTask).where(AutomationTask.name == name)).one()
        session.expunge(row)
    return row


def runs(url: str, name: str, *statuses: str) -> list[Run]:
    """The runs linked to schedule ``name``, oldest first (only ``statuses`` if given)."""
    with session_scope(url) as session:
        query = (
            select(Run)
            .join(AutomationTask, AutomationTask.id == Run.task_id)
            .where(AutomationTask.name == name)
            .order_by(Run.started_at)
        )
        if statuses:
            query = query.where(Run.status.in_(statuses))
        rows = list(session.scalars(query))
        session.expunge_all()
    return rows


def operations(url: str, run_id: Any) -> list[OperationLog]:
    with session_scope(url) as session:
        rows = list(session.scalars(select(OperationLog).where(OperationLog.run_id == run_id)))
        session.expunge_all()
    return rows


def set_due(url: str, *names: str, when: datetime | None = None) -> None:
    """Make schedules due now (or at ``when``): what a passing clock would do."""
    with get_engine(url).begin() as connection:
        connection.execute(
            update(AutomationTask)
            .where(AutomationTask.name.in_(names))
            .values(next_run=when or utcnow())
        )


def set_role(url: str, username: str, role: str) -> None:
    """The user ``username`` with ``role`` (created on first sight)."""
    from netauto.db.users import ensure_user

    with get_engine(url).begin() as connection:
        user_id = ensure_user(connection, username)
        connection.execute(update(User).where(User.id == user_id).values(role=role))


def idle(url: str, name: str) -> bool:
    """The schedule's last fire has ended (no lease held)."""
    row = task(url, name)
    return row.locked_by is None and row.last_status not in (None, "running")


@contextmanager
def ticking(settings: Any, every: float = 0.2) -> Iterator[Any]:
    """A :class:`Scheduler` ticking in a thread; on exit, no new fire and the running ones end."""
    from netauto.project import Project
    from netauto.schedule.scheduler import Scheduler

    scheduler = Scheduler(Project(settings))
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            scheduler.tick()
            stop.wait(every)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield scheduler
    finally:
        stop.set()
        thread.join()
        assert scheduler.wait(60) == []


def start_scheduler(config: Path, log: Path, *args: str) -> subprocess.Popen[bytes]:
    """A real ``netauto scheduler`` process in the foreground, its output in ``log``."""
    with open(log, "ab") as output:
        return subprocess.Popen(
            [NETAUTO, "scheduler", "--config", str(config), "--poll", "0.2", *args],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            env={**os.environ, "NETAUTO_USER": "sched-test"},
        )


def terminate(process: subprocess.Popen[bytes], timeout: float = 90) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.wait(timeout)


def netauto(project: Any, *args: str) -> Any:
    """``netauto ARGS --config CONFIG`` in this process (subcommands of groups take --config)."""
    from click.testing import CliRunner

    from netauto.cli import cli

    return CliRunner().invoke(cli, [*args, "--config", str(project.config)], catch_exceptions=False)
