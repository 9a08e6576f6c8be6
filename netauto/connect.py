"""Connections to routers: retries with backoff, one-line errors, closing without leaks.

Tasks use :func:`connection` instead of ``task.host.get_connection``: it retries transient
failures (refused, timeout, reset) with exponential backoff, never bad credentials, and turns
whatever netmiko, NAPALM or paramiko raised into a :class:`DeviceError` with one clear line.
:func:`device_errors` does the same for commands sent over an open connection, and drops a
connection that broke so the next task opens a fresh one. :func:`close_all` closes every open
connection of a set of hosts in parallel; a hung or dead session is cut, never waited on.
"""

from __future__ import annotations

import logging
import random
import socket
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from nornir.core.inventory import Host
from nornir.core.task import Task

from netauto.exceptions import DeviceError
from netauto.hostkeys import UNKNOWN_KEY

log = logging.getLogger(__name__)

DEFAULT_RETRIES = 2
BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 4.0


@dataclass(frozen=True)
class Failure:
    """What went wrong, in one line, and whether trying again may help."""

    message: str
    transient: bool


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        # paramiko's NoValidConnectionsError keeps the socket errors per address in .errors.
        nested = getattr(current, "errors", None)
        if isinstance(nested, dict):
            yield from (e for e in nested.values() if isinstance(e, BaseException))
        current = current.__cause__ or current.__context__


def classify(exc: BaseException, timeout: float | None = None, action: str = "") -> Failure:
    """Name a connection or command failure; ``transient`` failures are worth a retry."""
    during = f" during {action}" if action else ""
    after = f" after {timeout:g}s" if timeout else ""
    names = [type(e).__name__ for e in _chain(exc)]
    texts = " ".join(str(e) for e in _chain(exc)).lower()
    for error in _chain(exc):
        if type(error).__name__ == "BadHostKeyException":
            return Failure("host key changed", False)
        if UNKNOWN_KEY in str(error):
            return Failure("unknown host key", False)
        if type(error).__name__ in ("NetmikoAuthenticationException", "AuthenticationException"):
            return Failure("authentication failed (check NETAUTO_USERNAME/PASSWORD)", False)
        if isinstance(error, ConnectionRefusedError):
            return Failure("connection refused", True)
        if isinstance(error, ConnectionResetError):
            return Failure(f"connection reset{during}", True)
    if "authentication" in texts and "fail" in texts:
        return Failure("authentication failed (check NETAUTO_USERNAME/PASSWORD)", False)
    if "ReadTimeout" in names:
        return Failure(f"no answer{after}{during}", False)
    if "refused" in texts:
        return Failure("connection refused", True)
    if "banner" in texts or "reset" in texts:
        return Failure(f"connection closed before the SSH banner{during}", True)
    if any(isinstance(e, TimeoutError | socket.timeout) for e in _chain(exc)) or "timed out" in (
        texts
    ):
        return Failure(f"timeout{after}{during}", True)
    if any(
        isinstance(e, EOFError | OSError) or n == "ConnectionClosedException"
        for e, n in zip(_chain(exc), names, strict=False)
    ) or ("socket is closed" in texts):
        return Failure(f"connection dropped{during}", True)
    first = str(exc).strip().splitlines()
    return Failure(f"{type(exc).__name__}: {first[0] if first else 'failed'}{during}", False)


def _settings(task: Task) -> Any | None:
    from netauto.context import settings_or_none

    return settings_or_none(task)


def retries_of(task: Task) -> int:
    settings = _settings(task)
    return int(settings.retries) if settings is not None else DEFAULT_RETRIES


def connect_timeout_of(task: Task) -> float:
    settings = _settings(task)
    return float(settings.connect_timeout) if settings is not None else 10.0


def command_timeout_of(task: Task) -> float:
    settings = _settings(task)
    return float(settings.command_timeout) if settings is not None else 30.0


def backoff_delay(attempt: int, base: float = BACKOFF_SECONDS) -> float:
    """Exponential backoff with jitter: ~0.5 s, 1 s, 2 s... capped at 4 s."""
    delay = min(base * 2**attempt, MAX_BACKOFF_SECONDS)
    return float(delay * random.uniform(0.8, 1.2))


def with_retries(
    what: str, attempt_once: Any, retries: int, timeout: float | None = None, action: str = ""
) -> Any:
    """Call ``attempt_once()`` up to ``retries + 1`` times while failures are transient."""
    tries = retries + 1
    started = time.monotonic()
    for attempt in range(tries):
        try:
            return attempt_once()
        except DeviceError:
            raise
        except Exception as exc:
            failure = classify(exc, timeout, action)
            if not failure.transient or attempt == tries - 1:
                took = time.monotonic() - started
                notes = [f"{attempt + 1} tries"] if attempt else []
                waited = failure.message.startswith(("no answer", "timeout"))
                if waited and timeout and took > timeout * 1.5:  # the real figure, not one
                    notes.append(f"gave up after {took:.0f}s")
                suffix = f" ({', '.join(notes)})" if notes else ""
                raise DeviceError(f"{failure.message}{suffix}") from exc
            log.debug("%s: %s, retrying", what, failure.message)
            time.sleep(backoff_delay(attempt))
    raise AssertionError("unreachable")


def tcp_connect(address: str, port: int, timeout: float, retries: int = DEFAULT_RETRIES) -> float:
    """Open and close a TCP connection; returns the connect time in milliseconds."""

    def once() -> float:
        started = time.perf_counter()
        with socket.create_connection((address, port), timeout=timeout):
            return (time.perf_counter() - started) * 1000

    return float(with_retries(f"{address}:{port}", once, retries, timeout))


def connection(task: Task, plugin: str = "netmiko", *, retries: int | None = None) -> Any:
    """The host's connection for ``plugin`` (netmiko, napalm), opened with retries.

    The router's SSH host key is checked first (``netauto.hostkeys``): a changed or (with
    ``ssh.host_keys: reject``) unknown key fails the host with one line, never retried. The
    login's own prompt exchanges are bounded by the connect timeout (``netauto.login``).
    """
    from netauto.login import open_connection

    existing = task.host.connections.get(plugin)
    if existing is not None:
        return existing.connection
    return open_connection(task, plugin, retries_of(task) if retries is None else retries)


@contextmanager
def device_errors(task: Task, plugin: str, action: str) -> Iterator[None]:
    """Turn a failure while talking to the router into one-line DeviceError; drop the session."""
    started = time.monotonic()
    try:
        yield
    except DeviceError:
        raise
    except Exception as exc:
        timeout = command_timeout_of(task)
        message = classify(exc, timeout, action).message
        elapsed = time.monotonic() - started
        if message.startswith("no answer") and _cut(task.host, plugin):
            # The router closed the session mid-answer; the driver only saw silence.
            message = f"connection dropped during {action} (noticed after {elapsed:.0f}s)"
        elif elapsed > timeout * 1.5:
            message += f" ({elapsed:.0f}s in all)"  # several commands, each within the timeout
        drop_connection(task.host, plugin)
        raise DeviceError(message) from exc


def _cut(host: Host, plugin: str) -> bool:
    """Whether the host's session for ``plugin`` was closed by the other side."""
    plugin_obj = host.connections.get(plugin)
    netmiko = _netmiko_of(getattr(plugin_obj, "connection", None))
    channel = getattr(netmiko, "remote_conn", None)
    if channel is None:
        return False
    try:
        transport = channel.get_transport()
        return bool(channel.closed or channel.eof_received or not transport.is_active())
    except Exception:
        return False


def _netmiko_of(connection: Any) -> Any:
    # NAPALM's ios driver keeps its netmiko session in .device.
    return getattr(connection, "device", None) or connection


def drop_connection(host: Host, plugin: str) -> None:
    """Cut a connection without a goodbye (it may be hung or half closed)."""
    plugin_obj = host.connections.pop(plugin, None)
    if plugin_obj is None:
        return
    netmiko = _netmiko_of(getattr(plugin_obj, "connection", None))
    for attribute in ("remote_conn", "remote_conn_pre"):
        channel = getattr(netmiko, attribute, None)
        try:
            if channel is not None:
                channel.close()
        except Exception:
            log.debug("closing %s of %s failed", attribute, host.name, exc_info=True)


def close_host(host: Host) -> None:
    """Close every connection of ``host``; errors are logged, never raised."""
    for name in list(host.connections):
        plugin_obj = host.connections.pop(name, None)
        if plugin_obj is None:
            continue
        try:
            plugin_obj.close()
        except Exception:
            log.debug("closing %s of %s failed", name, host.name, exc_info=True)
        host.connections[name] = plugin_obj
        drop_connection(host, name)  # make sure the transport is gone whatever close() did


def close_all(hosts: Iterable[Host], workers: int = 20) -> None:
    """Close the connections of many hosts in parallel."""
    open_hosts = [host for host in hosts if host.connections]
    if not open_hosts:
        return
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(open_hosts)))) as pool:
        list(pool.map(close_host, open_hosts))


def fresh_login(task: Task) -> str | None:
    """Log in to the router over a new SSH session, not the open one: None, or why it failed.

    What an operator would meet after a change: the same credentials, host-key check and
    timeouts as the run's own sessions (:func:`netauto.login.fresh_login`).
    """
    from netauto.login import fresh_login as login_again

    return login_again(task)
