"""Receive syslog on UDP and TCP (one port), in a thread of its own running an asyncio loop.

Receiving only parses and hands each message to ``on_message`` (which must be quick: the
reactions queue their work); a burst is absorbed by a large UDP receive buffer. TCP takes
newline-framed and octet-counted (RFC 6587) messages.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Callable

from netauto.exceptions import UsageError
from netauto.syslogd.parse import Message, parse

log = logging.getLogger("netauto.syslog")
RECEIVE_BUFFER = 8 * 1024 * 1024
DEFAULT_BIND = "127.0.0.1:5514"

Handler = Callable[[Message], None]


def parse_bind(bind: str) -> tuple[str, int]:
    """``host:port`` (port 0: any free one); one line naming ``bind`` when it is not that."""
    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UsageError(f"bind must be HOST:PORT (e.g. {DEFAULT_BIND}), got {bind!r}")
    return host.strip("[]"), int(port)


class _Datagrams(asyncio.DatagramProtocol):
    def __init__(self, listener: Listener) -> None:
        self.listener = listener

    def datagram_received(self, data: bytes, addr: tuple[str | bytes, int]) -> None:
        self.listener.received(data, str(addr[0]))


class Listener:
    """A syslog server on ``host:port`` (UDP and TCP) calling ``on_message`` per message."""

    def __init__(self, bind: str, on_message: Handler) -> None:
        self.host, self.port = parse_bind(bind)
        self.on_message = on_message
        self.count = 0
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="netauto-syslog")
        self.thread.daemon = True
        self._closers: list[Callable[[], None]] = []

    @property
    def bind(self) -> str:
        return f"{self.host}:{self.port}"

    def received(self, data: bytes, sender: str) -> None:
        self.count += 1
        try:
            self.on_message(parse(data, sender))
        except Exception:  # one bad message or reaction must not stop the listener
            log.exception("syslog message from %s not handled", sender)

    async def _tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sender = str(writer.get_extra_info("peername")[0])
        try:
            while True:
                first = await reader.readexactly(1)
                if first.isdigit():  # octet counting: "LENGTH <PRI>..."
                    token = first + (await reader.readuntil(b" "))[:-1]
                    if token.isdigit():
                        self.received(await reader.readexactly(int(token)), sender)
                        continue
                    first = token + b" "
                self.received(first + await reader.readline(), sender)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()

    async def _open(self) -> None:
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            udp.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
            udp.bind((self.host, self.port))
        except OSError as error:
            udp.close()
            raise UsageError(f"cannot listen on {self.bind} (UDP): {error.strerror}") from None
        self.port = udp.getsockname()[1]
        transport, _ = await self.loop.create_datagram_endpoint(lambda: _Datagrams(self), sock=udp)
        self._closers.append(transport.close)
        try:
            server = await asyncio.start_server(self._tcp, self.host, self.port)
        except OSError as error:
            transport.close()
            raise UsageError(f"cannot listen on {self.bind} (TCP): {error.strerror}") from None
        self._closers.append(server.close)

    def start(self) -> Listener:
        """Bind both sockets (a UsageError when the address is taken), then serve."""
        self.thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self._open(), self.loop).result(timeout=30)
        except BaseException:
            self.stop()
            raise
        log.info("syslog listening on %s (UDP and TCP)", self.bind)
        return self

    def stop(self) -> None:
        async def close() -> None:
            for closer in self._closers:
                closer()

        if self.thread.is_alive():
            asyncio.run_coroutine_threadsafe(close(), self.loop).result(timeout=10)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
        self.loop.close()
