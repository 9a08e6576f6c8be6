"""``netauto syslog`` as a process: the syslog listener and the notification outbox.

In the foreground or detached (``.netauto/syslog.pid``, ``.netauto/syslog.log``); one per
project folder. SIGTERM or SIGINT stops it. ``python -m netauto.listener --config C --bind B
[--daemonize]`` is what ``--detach`` starts.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from netauto.exceptions import NetautoError, UsageError
from netauto.process import PidLock, daemonize, launch, terminate
from netauto.project import Project

PID_FILE = "syslog.pid"
LOG_FILE = "syslog.log"
log = logging.getLogger("netauto.syslog")


def serve(project: Project, *, bind: str, ready: threading.Event | None = None) -> None:
    """Listen on ``bind`` and drain the outbox until SIGTERM or SIGINT (main thread only)."""
    from netauto.project import listening

    lock = PidLock(project.state_dir / PID_FILE)
    if not lock.acquire():
        raise UsageError(f"a syslog listener already runs for this project (pid {lock.owner()})")
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        services = listening.start(project, bind=bind)
        assert services.listener is not None
        print(f"Listening for syslog on {services.listener.bind} (UDP and TCP).", flush=True)
        if ready is not None:
            ready.set()
        stop.wait()
        services.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        lock.release()


def spawn(project: Project, *, bind: str, timeout: float = 60) -> int:
    """Start a detached listener and wait until it listens; returns its pid."""
    folder = project.state_dir
    running = PidLock(folder / PID_FILE).owner()
    if running is not None:
        raise UsageError(f"a syslog listener already runs for this project (pid {running})")
    folder.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "netauto.listener", "--config", str(project.config_file)]
    args += ["--bind", bind, "--daemonize"]
    log_file = folder / LOG_FILE
    start = log_file.stat().st_size if log_file.exists() else 0

    def listening() -> bool:  # the pid file is held before the sockets are bound
        with open(log_file, "rb") as handle:
            handle.seek(start)
            return b"Listening for syslog on" in handle.read()

    return launch(args, folder, LOG_FILE, PID_FILE, "the syslog listener", timeout, listening)


def stop(project: Project, *, wait: float = 30) -> int:
    return terminate(project.state_dir / PID_FILE, "the syslog listener", wait)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="netauto-syslog")
    parser.add_argument("--config", required=True)
    parser.add_argument("--bind", required=True)
    parser.add_argument("--daemonize", action="store_true")
    ns = parser.parse_args(argv)
    try:
        project = Project.open(ns.config)
        if ns.daemonize:
            daemonize(project.state_dir / LOG_FILE)
        from netauto.logs import configure

        configure(None)
        serve(project, bind=ns.bind)
    except NetautoError as exc:
        print(f"Error: {str(exc).splitlines()[0]}", file=sys.stderr, flush=True)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
