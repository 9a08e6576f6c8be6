"""The fleet: many routers in one event loop, and a thread-safe handle to run it in-process.

``AsyncFleet`` is the asyncio core (used by ``netauto lab up``). ``Fleet`` runs it in a
background thread with its own loop, for tests and scripts::

    with start_fleet(count=11, port=0) as fleet:
        fleet.set_fault("R17", latency=2)
        print(fleet.router("R15").running_config)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from netauto.exceptions import LabError
from netauto.hostkeys import lab_known_hosts, replace_entries
from netauto.lab.addressing import DEFAULT_BASE, RouterSpec, plan
from netauto.lab.server import RouterServer

T = TypeVar("T")
log = logging.getLogger(__name__)


def free_port(address: str = "127.0.0.15", *, udp: bool = False) -> int:
    """A TCP (or UDP) port that is free right now on ``address`` (for parallel test runs)."""
    with socket.socket(type=socket.SOCK_DGRAM if udp else socket.SOCK_STREAM) as sock:
        sock.bind((address, 0))
        port: int = sock.getsockname()[1]
        return port


class AsyncFleet:
    def __init__(
        self,
        specs: list[RouterSpec],
        port: int,
        state_dir: Path,
        *,
        user_mode: bool = False,
        snmp_port: int | None = None,
    ) -> None:
        if len({s.name for s in specs}) != len(specs):
            raise LabError("router names must be unique")
        self.port = port
        self.snmp_port = snmp_port
        self.state_dir = state_dir
        self.servers = {
            s.name: RouterServer(s, port, state_dir, user_mode, snmp_port) for s in specs
        }
        self._registered = False

    def _check_snmp_port(self) -> None:
        """A busy SNMP port (another lab, an snmpd) costs this lab its SNMP, not its start."""
        if not self.snmp_port or not self.servers:
            return
        address = next(iter(self.servers.values())).spec.address
        try:
            with socket.socket(type=socket.SOCK_DGRAM) as probe:
                probe.bind((address, self.snmp_port))
        except OSError as exc:
            log.warning(
                "lab: SNMP port %s on %s is taken (%s): this lab answers no SNMP; "
                "choose another with --snmp-port or lab.snmp_port",
                self.snmp_port,
                address,
                exc.strerror or exc,
            )
            self.snmp_port = None
            for server in self.servers.values():
                server.snmp = None

    async def start(self) -> None:
        self._check_snmp_port()
        try:
            for server in self.servers.values():
                await server.start()
        except BaseException:
            await self.stop()
            raise
        # Clients check host keys (netauto.hostkeys): this fleet's keys replace any entries
        # an earlier fleet on the same addresses and port left in the lab's known_hosts.
        try:
            replace_entries(lab_known_hosts(), self.known_hosts().splitlines())
            self._registered = True
        except OSError as exc:  # clients will say "unknown host key" and name the file
            log.warning("lab: cannot write %s: %s", lab_known_hosts(), exc)

    async def stop(self) -> None:
        await asyncio.gather(*(s.stop() for s in self.servers.values()))
        if self._registered:
            self._registered = False
            with contextlib.suppress(OSError):
                replace_entries(lab_known_hosts(), self.known_hosts().splitlines(), remove=True)

    def server(self, name: str) -> RouterServer:
        try:
            return self.servers[name]
        except KeyError:
            raise LabError(f"no router {name!r} in this fleet") from None

    async def set_fault(self, name: str, **faults: Any) -> dict[str, Any]:
        server = self.server(name)
        server.state.faults.update(**faults)
        server.state.flash.full = server.state.faults.flash_full
        if server.state.faults.down:
            await server.stop()
        else:
            await server.start()
        return server.state.faults.active()

    async def reset(self, name: str | None = None) -> list[str]:
        names = [name] if name else list(self.servers)
        for each in names:
            server = self.server(each)
            server.state.reset()
            await server.start()
        return names

    def status(self) -> dict[str, Any]:
        return {
            "port": self.port,
            "snmp_port": self.snmp_port,
            "state_dir": str(self.state_dir),
            "routers": [
                {**s.state.status(), "listening": s.listener is not None}
                for s in self.servers.values()
            ],
        }

    def known_hosts(self) -> str:
        return "".join(s.known_host() + "\n" for s in self.servers.values())


@dataclass(frozen=True)
class RouterView:
    """A snapshot of one router's state, read from another thread."""

    name: str
    address: str
    hostname: str
    running_config: str
    startup_config: str
    flash_files: list[str]
    faults: dict[str, Any]
    revert_pending: bool


class Fleet:
    """An :class:`AsyncFleet` running in a background thread; every method is thread-safe."""

    def __init__(self, core: AsyncFleet) -> None:
        self.core = core
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="netauto-lab", daemon=True)

    @property
    def port(self) -> int:
        return self.core.port

    @property
    def snmp_port(self) -> int | None:
        return self.core.snmp_port

    @property
    def names(self) -> list[str]:
        return list(self.core.servers)

    def address(self, name: str) -> str:
        return self.core.server(name).spec.address

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def start(self) -> Fleet:
        self._thread.start()
        try:
            self.call(self.core.start())
        except BaseException:
            self._shutdown()
            raise
        return self

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        with contextlib.suppress(Exception):
            self.call(self.core.stop())
        self._shutdown()

    def _shutdown(self) -> None:
        async def drain() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.loop.shutdown_asyncgens()

        with contextlib.suppress(Exception):
            self.call(drain(), timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()

    def router(self, name: str) -> RouterView:
        async def snapshot() -> RouterView:
            state = self.core.server(name).state
            return RouterView(
                name=name,
                address=state.address,
                hostname=state.hostname,
                running_config=state.config_text(),
                startup_config=state.startup_text,
                flash_files=[f for f, _, _ in state.flash.files()],
                faults=state.faults.active(),
                revert_pending=state.revert is not None,
            )

        return self.call(snapshot())

    def set_fault(self, name: str, **faults: Any) -> dict[str, Any]:
        return self.call(self.core.set_fault(name, **faults))

    def clear_faults(self, name: str | None = None) -> None:
        for each in [name] if name else self.names:
            self.set_fault(each, **_healthy())

    def reset(self, name: str | None = None) -> list[str]:
        return self.call(self.core.reset(name))

    def status(self) -> dict[str, Any]:
        async def read() -> dict[str, Any]:
            return self.core.status()

        return self.call(read())

    def __enter__(self) -> Fleet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _healthy() -> dict[str, Any]:
    from netauto.lab.faults import Faults

    return Faults().to_dict()


@contextlib.contextmanager
def start_fleet(
    count: int | None = None,
    *,
    routers: str | None = None,
    base_address: str = DEFAULT_BASE,
    port: int = 0,
    state_dir: Path | str | None = None,
    user_mode: bool = False,
    models: str | None = None,
    snmp_port: int | None = None,
) -> Iterator[Fleet]:
    """Run a fleet in a background thread for the duration of the ``with`` block.

    ``port=0`` picks a free port; ``state_dir=None`` uses a temporary folder; ``models``
    picks router images (``ISR4331`` or ``R20-R25=ISR4331``). ``snmp_port``: routers also
    answer SNMP on this UDP port (``0``: a free one); None: no SNMP.
    """
    import tempfile

    specs = plan(count or None, routers, base_address, models)
    with contextlib.ExitStack() as stack:
        if state_dir is None:
            state_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="netauto-lab-"))
        chosen = port or free_port(specs[0].address)
        if snmp_port == 0:
            snmp_port = free_port(specs[0].address, udp=True)
        core = AsyncFleet(specs, chosen, Path(state_dir), user_mode=user_mode, snmp_port=snmp_port)
        fleet = Fleet(core).start()
        stack.callback(fleet.stop)
        yield fleet
