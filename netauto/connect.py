"""Connections to routers: retries with backoff, one-line errors, closing without leaks.

Tasks use :func:`connection` instead of ``task.host.get_connection``: it retries transient
failures (refused, timeout, reset) with exponential backoff, never bad credentials, and turns
whatever netmiko, NAPALM or paramiko raised into a :class:`DeviceError` with one clear line.
:func:`device_errors` does the same for commands sent over an open connection, and drops a
connection that broke so the next task opens a fresh one. :func:`close_all` closes every open
connection of a set of hosts in parallel; a hung or dead session is cut, never waited on.

The login itself is :mod:`netauto.login`'s; the failure names, backoff and the run's timeouts
are :mod:`netauto.retries`', re-exported here for the tasks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from nornir.core.inventory import Host
from nornir.core.task import Task

from netauto.exceptions import DeviceError
from netauto.login import fresh_login, open_connection
from netauto.retries import (
    classify,
    command_timeout_of,
    connect_timeout_of,
    netmiko_of,
    retries_of,
    tcp_connect,
)

# What tasks import from here (some of it netauto.retries' and netauto.login's).
__all__ = [
    "classify",
    "close_all",
    "close_host",
    "command_timeout_of",
    "connect_timeout_of",
    "connection",
    "device_errors",
    "drop_connection",
    "fresh_login",
    "retries_of",
    "tcp_connect",
]

log = logging.getLogger(__name__)


def connection(task: Task, plugin: str = "netmiko", *, retries: int | None = None) -> Any:
    """The host's connection for ``plugin`` (netmiko, napalm), opened with retries.

    The router's SSH host key is checked first (``netauto.hostkeys``): a changed or (with
    ``ssh.host_keys: reject``) unknown key fails the host with one line, never retried. The
    login's own prompt exchanges are bounded by the connect timeout (``netauto.login``).
    """
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
    netmiko = netmiko_of(getattr(plugin_obj, "connection", None))
    channel = getattr(netmiko, "remote_conn", None)
    if channel is None:
        return False
    try:
        transport = channel.get_transport()
        return bool(channel.closed or channel.eof_received or not transport.is_active())
    except Exception:
        return False


def drop_connection(host: Host, plugin: str) -> None:
    """Cut a connection without a goodbye (it may be hung or half closed)."""
    plugin_obj = host.connections.pop(plugin, None)
    if plugin_obj is None:
        return
    netmiko = netmiko_of(getattr(plugin_obj, "connection", None))
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
