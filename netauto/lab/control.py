"""Run-time control of a running lab from another process: JSON lines over loopback TCP.

The lab writes ``lab.json`` (mode 0600) into its state folder: pid, SSH port, control port
and a random token. A client sends ``{"token": ..., "op": ..., ...}`` and reads one JSON
answer: ``{"ok": true, "result": ...}`` or ``{"ok": false, "error": "..."}``.

Operations: ``status``, ``reset`` (``host``), ``fault`` (``host``, ``faults``), ``router``
(``host``: running-config and more), ``stop``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netauto.exceptions import LabError, NetautoError
from netauto.process import pid_alive

if TYPE_CHECKING:
    from netauto.lab.fleet import AsyncFleet

STATE_FILE = "lab.json"


class ControlServer:
    def __init__(self, fleet: AsyncFleet, stop: asyncio.Event) -> None:
        self.fleet = fleet
        self.stop = stop
        self.token = secrets.token_hex(16)
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await reader.readline()
            try:
                request = json.loads(line)
                if not isinstance(request, dict) or request.get("token") != self.token:
                    raise LabError("bad control token")
                answer: dict[str, Any] = {"ok": True, "result": await self.handle(request)}
            except (NetautoError, ValueError, TypeError) as exc:
                answer = {"ok": False, "error": str(exc)}
            writer.write(json.dumps(answer).encode() + b"\n")
            await writer.drain()
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def handle(self, request: dict[str, Any]) -> Any:
        op = request.get("op")
        host = request.get("host")
        if op == "status":
            return self.fleet.status()
        if op == "reset":
            return await self.fleet.reset(host)
        if op == "fault":
            return await self.fleet.set_fault(str(host), **dict(request.get("faults") or {}))
        if op == "router":
            state = self.fleet.server(str(host)).state
            return {**state.status(), "running_config": state.config_text()}
        if op == "stop":
            self.stop.set()
            return "stopping"
        raise LabError(f"unknown control operation {op!r}")


def write_state(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / STATE_FILE
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle, indent=2)
    return path


def read_state(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / STATE_FILE).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def running_state(folder: Path) -> dict[str, Any] | None:
    """The ``lab.json`` of the lab serving from ``folder``, None when none runs there."""
    state = read_state(folder)
    return state if state and pid_alive(int(state.get("pid", 0))) else None


def request(folder: Path, op: str, timeout: float = 30, **fields: Any) -> Any:
    """Send one control request to the lab whose state folder is ``folder``."""
    state = running_state(folder)
    if state is None:
        raise LabError(f"no lab is running (state folder {folder})")
    message = {"token": state["token"], "op": op, **fields}
    try:
        with socket.create_connection(("127.0.0.1", int(state["control_port"])), timeout) as sock:
            sock.sendall(json.dumps(message).encode() + b"\n")
            data = b""
            while not data.endswith(b"\n"):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError as exc:
        raise LabError(f"cannot reach the lab control port: {exc}") from None
    try:
        answer = json.loads(data)
    except ValueError:
        raise LabError("the lab sent an unreadable answer") from None
    if not answer.get("ok"):
        raise LabError(str(answer.get("error", "lab request failed")))
    return answer.get("result")
