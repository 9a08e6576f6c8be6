"""Running a lab as a process: in the foreground, or detached with a pid and a control port.

``python -m netauto.lab.daemon --state-dir D --port P [--count N | --routers R]`` is what
``netauto lab up --detach`` starts; it writes ``lab.json`` when every listener is up.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from netauto.exceptions import LabError
from netauto.lab.addressing import DEFAULT_BASE, plan
from netauto.lab.control import (
    STATE_FILE,
    ControlServer,
    read_state,
    running_state,
    write_state,
)
from netauto.lab.inventory import write_hosts
from netauto.process import daemonize, pid_alive
from netauto.text import plural

log = logging.getLogger("netauto.lab")

if TYPE_CHECKING:
    from netauto.lab.fleet import AsyncFleet

LOG_FILE = "lab.log"


async def serve(
    state_dir: Path,
    port: int,
    *,
    count: int | None = None,
    routers: str | None = None,
    base: str = DEFAULT_BASE,
    user_mode: bool = False,
    models: str | None = None,
    snmp_port: int | None = None,
    ready: Callable[[AsyncFleet], None] | None = None,
) -> None:
    """Run a fleet until SIGINT/SIGTERM or a ``stop`` control request."""
    existing = running_state(state_dir)
    if existing and existing.get("pid") != os.getpid():
        raise LabError(f"a lab is already running (pid {existing['pid']}); run netauto lab down")
    specs = plan(count, routers, base, models)
    from netauto.lab.fleet import AsyncFleet  # asyncssh: only when a fleet starts

    fleet = AsyncFleet(specs, port, state_dir, user_mode=user_mode, snmp_port=snmp_port)
    stop = asyncio.Event()
    control = ControlServer(fleet, stop)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await fleet.start()
        await control.start()
        write_hosts(state_dir / "hosts.yaml", specs, port)
        (state_dir / "known_hosts").write_text(fleet.known_hosts())
        write_state(
            state_dir,
            {
                "pid": os.getpid(),
                "port": port,
                "snmp_port": fleet.snmp_port,
                "control_port": control.port,
                "token": control.token,
                "routers": [s.name for s in specs],
                "started": time.time(),
            },
        )
        serving = plural(len(specs), "router")
        log.info("lab serving %s on port %d (pid %d)", serving, port, os.getpid())
        if ready is not None:
            ready(fleet)
        await stop.wait()
        log.info("lab stopping")
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        (state_dir / STATE_FILE).unlink(missing_ok=True)
        await control.close()
        await fleet.stop()


def spawn(
    state_dir: Path,
    port: int,
    *,
    count: int | None = None,
    routers: str | None = None,
    base: str = DEFAULT_BASE,
    user_mode: bool = False,
    models: str | None = None,
    log_format: str = "text",
    snmp_port: int | None = None,
    timeout: float = 120,
) -> dict[str, object]:
    """Start a detached lab process and wait until it serves; returns its lab.json."""
    state_dir.mkdir(parents=True, exist_ok=True)
    existing = running_state(state_dir)
    if existing:
        # `up` is idempotent: the same fleet already serving is success, another is an error.
        wanted = [spec.name for spec in plan(count, routers, base, models)]
        if existing.get("port") == port and existing.get("routers") == wanted:
            return {**existing, "already_running": True}
        raise LabError(
            f"a different lab is already running (pid {existing['pid']}, port "
            f"{existing.get('port')}); run netauto lab down first"
        )
    (state_dir / STATE_FILE).unlink(missing_ok=True)
    args = [
        sys.executable,
        "-m",
        "netauto.lab.daemon",
        "--state-dir",
        str(state_dir),
        "--port",
        str(port),
        "--base-address",
        base,
    ]
    args += ["--count", str(count)] if count is not None else []
    args += ["--routers", routers] if routers is not None else []
    args += ["--user-mode"] if user_mode else []
    args += ["--models", models] if models else []
    args += ["--snmp-port", str(snmp_port)] if snmp_port else []
    args += ["--log-format", log_format, "--daemonize"]
    with open(state_dir / LOG_FILE, "ab") as log:
        # The launcher forks the lab and exits at once, so nothing is left for us to reap.
        launched = subprocess.run(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, check=False
        )
    try:
        pid = int(launched.stdout.decode().strip())
    except ValueError:
        raise LabError("the lab did not start: the launcher failed") from None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = read_state(state_dir)
        if state and state.get("pid") == pid:
            return state
        if not pid_alive(pid):
            tail = (state_dir / LOG_FILE).read_text(errors="replace").strip().splitlines()[-1:]
            raise LabError(f"the lab did not start: {tail[0] if tail else 'no log'}")
        time.sleep(0.1)
    os.kill(pid, signal.SIGTERM)
    raise LabError(f"the lab did not start within {timeout:.0f} s")


def configure_logging(log_format: str | None) -> None:
    """The lab's log on stderr (lab.log when detached): text or JSON lines."""
    from netauto.logs import configure

    configure(log_format)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="netauto-lab-daemon")
    parser.add_argument("--state-dir", required=True, type=Path)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count", type=int)
    parser.add_argument("--routers")
    parser.add_argument("--base-address", default=DEFAULT_BASE)
    parser.add_argument("--user-mode", action="store_true")
    parser.add_argument("--models")
    parser.add_argument("--snmp-port", type=int)
    parser.add_argument("--daemonize", action="store_true")
    parser.add_argument("--log-format", choices=("text", "json"), default=None)
    ns = parser.parse_args(argv)
    if ns.daemonize:
        daemonize(ns.state_dir / LOG_FILE)
    configure_logging(ns.log_format)
    try:
        asyncio.run(
            serve(
                ns.state_dir,
                ns.port,
                count=ns.count,
                routers=ns.routers,
                base=ns.base_address,
                user_mode=ns.user_mode,
                models=ns.models,
                snmp_port=ns.snmp_port,
            )
        )
    except LabError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
