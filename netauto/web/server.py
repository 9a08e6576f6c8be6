"""``netauto web`` as a process: waitress, in the foreground or detached; status and stop.

waitress is a production WSGI server in pure Python: no compiler, no fork model, the same on
every platform, and its thread pool suits a tool with a handful of users. A server-sent-events
stream holds one thread while it is open, so the pool is sized for them (``THREADS``) and the
live feed takes at most ``THREADS - 8`` streams, keeping threads for pages and the API.

State lives in the project's ``.netauto/`` folder: ``web.pid`` (a lock holding the pid: one
server per project), ``web.json`` (its address) and ``web.log`` (a detached server's output).
``python -m netauto.web.server --config C --bind B [--daemonize]`` is what ``--detach`` starts.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import logging
import os
import signal
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from netauto.exceptions import NetautoError, UsageError
from netauto.process import PidLock, daemonize, launch, terminate
from netauto.project import Project

DEFAULT_BIND = "127.0.0.1:8080"
THREADS = 32
# channel_request_lookahead=1: a connection stays readable while its request runs, so a
# live stream learns at once that its browser went away (environ waitress.client_disconnected).
SERVER_OPTIONS = {"threads": THREADS, "ident": "netauto", "channel_request_lookahead": 1}
PID_FILE, INFO_FILE, LOG_FILE = "web.pid", "web.json", "web.log"
log = logging.getLogger("netauto.web")


def state_dir(project: Project) -> Path:
    return project.state_dir


def parse_bind(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:8080`` for IPv6); a UsageError names what is wrong."""
    host, sep, port = text.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--bind {text!r}: expected HOST:PORT, e.g. {DEFAULT_BIND}")
    return host, int(port)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sync_inventory(project: Project) -> None:
    """The devices page shows the inventory from the start, before any runbook ran."""
    try:
        project.inventory(sync=True)
    except NetautoError as exc:
        log.warning("devices not synced from the inventory: %s", exc)


def serve(project: Project, bind: str = DEFAULT_BIND, *, allow_remote: bool = False) -> None:
    """Serve until SIGTERM or Ctrl-C (the calling thread must be the main one)."""
    from waitress import create_server

    from netauto.web.app import create_app

    host, port = parse_bind(bind)
    if not is_loopback(host) and not allow_remote:
        raise UsageError(
            f"--bind {host}: netauto web serves loopback addresses only; put a TLS proxy in "
            "front and pass --allow-remote to bind another address"
        )
    lock = PidLock(state_dir(project) / PID_FILE)
    if not lock.acquire():
        raise UsageError(f"netauto web already runs for this project (pid {lock.owner()})")
    info = state_dir(project) / INFO_FILE
    try:
        app = create_app(project, feed={"max_subscribers": THREADS - 8})
        sync_inventory(project)
        try:
            server = create_server(app, host=host, port=port, **SERVER_OPTIONS)
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        shown = f"[{host}]" if ":" in host else host
        url = f"http://{shown}:{port}/"
        info.write_text(json.dumps({"pid": os.getpid(), "url": url, "bind": f"{shown}:{port}"}))

        def stop(_signum: int, _frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        log.info("netauto web on %s (pid %d)", url, os.getpid())
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            app.extensions["netauto"].feed.close()  # ends the live streams first
            server.close()
        log.info("netauto web stopped")
    finally:
        with contextlib.suppress(FileNotFoundError):
            info.unlink()
        lock.release()


def _listening(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def spawn(
    project: Project,
    bind: str,
    *,
    allow_remote: bool = False,
    log_format: str = "text",
    timeout: float = 60,
) -> int:
    """Start a detached server and wait until it answers; returns its pid."""
    host, port = parse_bind(bind)
    folder = state_dir(project)
    owner = PidLock(folder / PID_FILE).owner()
    if owner is not None:
        raise UsageError(f"netauto web already runs for this project (pid {owner})")
    folder.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "netauto.web.server", "--config", str(project.config_file)]
    args += ["--bind", bind, "--daemonize", "--log-format", log_format]
    args += ["--allow-remote"] if allow_remote else []
    return launch(
        args, folder, LOG_FILE, PID_FILE, "netauto web", timeout, lambda: _listening(host, port)
    )


@dataclass
class Status:
    pid: int | None
    url: str | None
    log_file: str


def status(project: Project) -> Status:
    folder = state_dir(project)
    pid = PidLock(folder / PID_FILE).owner()
    url = None
    if pid is not None:
        with contextlib.suppress(OSError, ValueError):
            url = json.loads((folder / INFO_FILE).read_text()).get("url")
    return Status(pid, url, str(folder / LOG_FILE))


def stop(project: Project, *, wait: float = 30) -> int:
    """SIGTERM the project's server and wait for it to end; returns its pid."""
    return terminate(state_dir(project) / PID_FILE, "netauto web", wait)


def configure_logging(log_format: str | None = None) -> None:
    """The process's log on stderr (its log file when detached): text or JSON lines."""
    from netauto.logs import configure

    configure(log_format)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="netauto-web")
    parser.add_argument("--config", required=True)
    parser.add_argument("--bind", default=DEFAULT_BIND)
    parser.add_argument("--allow-remote", action="store_true")
    parser.add_argument("--daemonize", action="store_true")
    parser.add_argument("--log-format", choices=("text", "json"), default=None)
    ns = parser.parse_args(argv)
    try:
        project = Project.open(ns.config)
        parse_bind(ns.bind)
        if ns.daemonize:
            daemonize(state_dir(project) / LOG_FILE)
        configure_logging(ns.log_format)
        serve(project, ns.bind, allow_remote=ns.allow_remote)
    except NetautoError as exc:
        print(f"Error: {str(exc).splitlines()[0]}", file=sys.stderr, flush=True)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
