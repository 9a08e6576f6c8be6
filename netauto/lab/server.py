"""The SSH side of the lab: one asyncssh listener per router, all in one event loop.

Each listener serves interactive shells (netmiko), single exec commands, and SCP into flash:
(asyncssh's SCP sink writing through :class:`FlashSFTP`). Host keys are generated once per
router and kept in the state folder so a known_hosts file can pin them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Any

import asyncssh

from netauto.exceptions import LabError
from netauto.lab.addressing import RouterSpec
from netauto.lab.flash import FlashSFTP
from netauto.lab.models import get_model
from netauto.lab.shell import Dropped, Session
from netauto.lab.snmp import SnmpEndpoint
from netauto.lab.state import RouterState

log = logging.getLogger(__name__)
logging.getLogger("asyncssh").setLevel(logging.WARNING)


class RouterSSH(asyncssh.SSHServer):
    """Authentication and fault checks of one connection to one router."""

    def __init__(self, router: RouterState, connections: set[asyncssh.SSHServerConnection]) -> None:
        self.router = router
        self.connections = connections
        self.conn: asyncssh.SSHServerConnection | None = None
        self.username = ""
        self.level = 1

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.connections.add(conn)
        if self.router.faults.auth == "refuse" or self.router.faults.down or self.router.reloading:
            conn.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.conn is not None:
            self.connections.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        level = self.router.check_login(username, password)
        peer = self.conn.get_extra_info("peername") if self.conn else None
        address = str(peer[0]) if peer else "127.0.0.1"
        self.router.syslog.login(self.router, username, address, level is not None)
        if level is None:
            return False
        self.username, self.level = username, level
        self.router.logins += 1
        return True


def host_key(folder: Path, name: str) -> asyncssh.SSHKey:
    """The router's persistent host key, generated on first use."""
    path = folder / f"{name}.key"
    if path.exists():
        return asyncssh.read_private_key(str(path))
    folder.mkdir(parents=True, exist_ok=True)
    key = asyncssh.generate_private_key("ssh-ed25519")
    key.write_private_key(str(path))
    path.chmod(0o600)
    return key


class RouterServer:
    """One router: its state, host key and listener."""

    def __init__(
        self,
        spec: RouterSpec,
        port: int,
        state_dir: Path,
        user_mode: bool,
        snmp_port: int | None = None,
    ) -> None:
        self.spec = spec
        self.port = port
        self.state = RouterState(
            spec.name,
            spec.number,
            spec.address,
            state_dir / "flash" / spec.name,
            user_mode=user_mode,
            model=get_model(spec.model),
        )
        self.key = host_key(state_dir / "keys", spec.name)
        self.listener: asyncssh.SSHAcceptor | None = None
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.snmp = SnmpEndpoint(self.state, spec.address, snmp_port) if snmp_port else None

    def known_host(self) -> str:
        public = self.key.export_public_key("openssh").decode().split()[:2]
        host = self.spec.address if self.port == 22 else f"[{self.spec.address}]:{self.port}"
        return f"{host} {' '.join(public)}"

    async def start(self) -> None:
        if self.listener is not None:
            return
        if self.snmp is not None:
            await self.snmp.start()
        try:
            self.listener = await asyncssh.create_server(
                lambda: RouterSSH(self.state, self.connections),
                self.spec.address,
                self.port,
                server_host_keys=[self.key],
                process_factory=self._process,
                sftp_factory=lambda chan: FlashSFTP(chan, self.state),
                allow_scp=True,
                line_editor=False,
                encoding="utf-8",
                reuse_address=True,
                keepalive_interval=0,
            )
        except OSError as exc:
            if self.snmp is not None:
                self.snmp.stop()
            raise LabError(
                f"{self.spec.name}: cannot listen on {self.spec.address}:{self.port}: "
                f"{exc.strerror or exc}"
            ) from None

    async def stop(self) -> None:
        """Close the listener and cut every open connection."""
        listener, self.listener = self.listener, None
        if self.snmp is not None:
            self.snmp.stop()
        for conn in list(self.connections):
            conn.abort()
        if listener is not None:
            listener.close()
            await listener.wait_closed()
        for conn in list(self.connections):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.wait_closed(), 2)
        self.connections.clear()

    async def _process(self, process: asyncssh.SSHServerProcess[Any]) -> None:
        owner: RouterSSH = process.channel.get_connection().get_owner()  # type: ignore[assignment]
        session = Session(self.state, process, owner.username, owner.level)
        try:
            if process.command:
                session.term_length = 0
                await session.handle(process.command)
                process.exit(0)
                return
            await session.run()
        except (Dropped, asyncssh.BreakReceived, asyncssh.TerminalSizeChanged):
            pass
        except (asyncssh.Error, BrokenPipeError, ConnectionError):
            return
        if not process.channel.is_closing():
            process.exit(0)
