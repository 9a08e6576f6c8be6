"""``netauto scheduler`` as a process: in the foreground, or detached; status and stop.

A front end: it opens the project and runs the scheduling loop of the library
(:class:`netauto.schedule.scheduler.Scheduler`), which fires due schedules through the
runbook API.

State lives in the project's ``.netauto/`` folder (beside config.yaml): ``scheduler.pid``,
an exclusive lock holding the pid (one scheduler per project folder), and ``scheduler.log``
(a detached scheduler's output). On SQLite a second lock, ``<database>.scheduler.lock``
beside the database file, refuses a second scheduler on the same database: SQLite has one
writer, and one scheduler per database is the rule there. On PostgreSQL any number of
schedulers (one per project folder or machine) share the work; each slot fires once.

SIGTERM or SIGINT: nothing new starts; running fires get ``grace`` seconds to end (a second
signal stops waiting); fires still running then are recorded as failed.

``python -m netauto.scheduler --config C [--daemonize]`` is what ``--detach`` starts.

Run requests of the web, the API and chat (``run_requests``): at each tick the scheduler
starts a runner process for each queued request, ``python -m netauto.scheduler --config C
--request ID``, which claims it and runs it (:mod:`netauto.schedule.requests`). Runners live
in their own sessions: a stopping scheduler waits for them as for its fires (``grace``), then
leaves those still running to finish (systemd: ``KillMode=mixed``).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from netauto.exceptions import NetautoError, UsageError
from netauto.process import PidLock, daemonize, launch, one_line_errors, terminate
from netauto.project import Project

if TYPE_CHECKING:
    from netauto.project.listening import Services

PID_FILE = "scheduler.pid"
LOG_FILE = "scheduler.log"
GRACE = 300.0
POLL = 1.0
log = logging.getLogger("netauto.schedule")


def _locks(project: Project) -> list[tuple[PidLock, str]]:
    """The locks a scheduler holds, each with what to say when another process has it."""
    locks = [
        (
            PidLock(project.state_dir / PID_FILE),
            "a scheduler is already running for this project (pid {pid}); netauto scheduler stop",
        )
    ]
    url = make_url(project.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        locks.append(
            (
                PidLock(Path(url.database + ".scheduler.lock")),
                "another scheduler (pid {pid}) uses this SQLite database: SQLite takes one "
                "scheduler (PostgreSQL takes several)",
            )
        )
    return locks


def refuse_second(project: Project) -> None:
    """One line (exit 2) when a scheduler already runs for this project or SQLite file."""
    for lock, message in _locks(project):
        pid = lock.owner()
        if pid is not None:
            raise UsageError(message.format(pid=pid if pid > 0 else "?"))


def _acquire(project: Project) -> list[PidLock]:
    held: list[PidLock] = []
    for lock, message in _locks(project):
        if not lock.acquire():
            for each in held:
                each.release()
            pid = lock.owner()
            raise UsageError(message.format(pid=pid if pid and pid > 0 else "?"))
        held.append(lock)
    return held


class Runners:
    """The runner processes this scheduler started for queued run requests."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.children: dict[uuid.UUID, subprocess.Popen[bytes]] = {}

    def tick(self) -> None:
        from netauto.process import pid_alive
        from netauto.schedule.requests import launch

        for ident, child in list(self.children.items()):
            if child.poll() is not None:
                del self.children[ident]
        requests = self.project.run_requests
        if requests.settle_gone(pid_alive):
            log.warning("closed run requests whose runner process is gone")
        for ident in requests.queued():
            if ident not in self.children:
                log.info("starting a runner for run request %s", ident.hex[:8])
                self.children[ident] = launch(self.project.config_file, ident)

    def wait(self, timeout: float, interrupted: threading.Event) -> int:
        """Wait up to ``timeout`` s for the runners to end; how many still run after it
        (they go on: their runs are not this process's)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not interrupted.is_set():
            left = [child for child in self.children.values() if child.poll() is None]
            if not left:
                return 0
            time.sleep(0.1)
        return sum(1 for child in self.children.values() if child.poll() is None)


def serve(project: Project, *, grace: float = GRACE, poll: float = POLL) -> None:
    """Run the scheduler until SIGTERM or SIGINT (the calling thread must be the main one)."""
    from sqlalchemy.exc import SQLAlchemyError

    from netauto.db.engine import error_text
    from netauto.schedule import heartbeat
    from netauto.schedule.declared import add_declared
    from netauto.schedule.scheduler import Scheduler

    held = _acquire(project)
    stop, interrupted = threading.Event(), threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        if stop.is_set():
            interrupted.set()
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    services = None
    try:
        scheduler = Scheduler(project)
        log.info("scheduler started: pid %d, database %s", os.getpid(), project.redacted_url)
        services = _services(project)
        try:
            add_declared(project)
        except (NetautoError, SQLAlchemyError) as exc:  # config or database: the loop goes on
            log.warning("declared schedules not added: %s", error_text(exc))
        runners = Runners(project)
        while not stop.is_set():
            try:
                scheduler.tick()
                runners.tick()
            except (NetautoError, SQLAlchemyError) as exc:  # database away: next tick retries
                log.warning("tick failed: %s", error_text(exc))
            heartbeat.write(project.state_dir, poll=poll)  # GET /readyz reads it
            stop.wait(poll)
        running = scheduler.names()
        if running:
            log.info("stopping: waiting up to %.0f s for %s", grace, ", ".join(running))
        started = time.monotonic()
        left = scheduler.wait(grace, interrupted)
        if left:
            scheduler.abandon()
        if runners.children:
            log.info("stopping: waiting for the runners of run requests")
        still = runners.wait(max(0.0, grace - (time.monotonic() - started)), interrupted)
        if still:
            log.warning("%d runner(s) of run requests still running; left to finish", still)
        log.info("scheduler stopped")
    finally:
        if services is not None:
            services.stop()
        heartbeat.remove(project.state_dir)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for lock in held:
            lock.release()


def _services(project: Project) -> Services | None:
    """The notification outbox, and the syslog listener when ``syslog.bind`` is set."""
    from sqlalchemy.exc import SQLAlchemyError

    from netauto.db.engine import error_text
    from netauto.project import listening

    try:
        return listening.start(project, bind=project.settings.value("syslog.bind"))
    except (NetautoError, SQLAlchemyError) as exc:  # the schedules still fire
        log.warning("notifications and syslog not started: %s", error_text(exc))
        return None


def spawn(
    project: Project,
    *,
    grace: float = GRACE,
    poll: float = POLL,
    log_format: str = "text",
    timeout: float = 60,
) -> int:
    """Start a detached scheduler and wait until it holds its locks; returns its pid."""
    refuse_second(project)
    folder = project.state_dir
    folder.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "netauto.scheduler", "--config", str(project.config_file)]
    args += ["--grace", str(grace), "--poll", str(poll), "--daemonize", "--log-format", log_format]
    return launch(args, folder, LOG_FILE, PID_FILE, "the scheduler", timeout)


@dataclass
class Status:
    """What ``netauto scheduler status`` shows."""

    pid: int | None
    pid_file: str
    log_file: str
    running: list[str] = field(default_factory=list)  # schedules whose fire runs now


def status(project: Project) -> Status:
    folder = project.state_dir
    pid = PidLock(folder / PID_FILE).owner()
    found = Status(pid, str(folder / PID_FILE), str(folder / LOG_FILE))
    if pid is not None:
        found.running = [
            schedule.name
            for schedule in project.schedules.list()
            if schedule.running and (schedule.locked_by or "").endswith(f":{pid}")
        ]
    return found


def stop(project: Project, *, wait: float = GRACE + 30) -> int:
    """SIGTERM the project's scheduler and wait for it to finish its runs; returns its pid."""
    return terminate(project.state_dir / PID_FILE, "the scheduler", wait)


def configure_logging(log_format: str | None = None) -> None:
    """The process's log on stderr (its log file when detached): text or JSON lines."""
    from netauto.logs import configure

    configure(log_format)


def _run_request(project: Project, ident: str, log_format: str | None) -> int:
    """A runner: claim and run one request (nothing when another runner has it)."""
    from netauto.db.requests import parse_id
    from netauto.schedule.requests import execute

    found = parse_id(ident)
    if found is None:
        raise UsageError(f"--request: {ident!r} is not a request id")
    configure_logging(log_format)
    state = execute(project, found)
    log.info("run request %s: %s", found.hex[:8], state or "taken by another runner")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="netauto-scheduler")
    parser.add_argument("--config", required=True)
    parser.add_argument("--grace", type=float, default=GRACE)
    parser.add_argument("--poll", type=float, default=POLL)
    parser.add_argument("--daemonize", action="store_true")
    parser.add_argument("--log-format", choices=("text", "json"), default=None)
    parser.add_argument("--request", help="run this run request (its id) and exit")
    ns = parser.parse_args(argv)

    def body() -> int:
        project = Project.open(ns.config)
        if ns.request:
            return _run_request(project, ns.request, ns.log_format)
        if ns.daemonize:
            daemonize(project.state_dir / LOG_FILE)
        configure_logging(ns.log_format)
        serve(project, grace=ns.grace, poll=ns.poll)
        return 0

    return one_line_errors(body)


if __name__ == "__main__":
    raise SystemExit(main())
