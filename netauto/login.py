"""Logins that cannot hang a run, with their host keys checked; a fresh login for post-checks.

netmiko and NAPALM log in in several steps: TCP, banner and authentication (``connect_timeout``
each), then a few exchanges with the router's prompt, which used ``command_timeout`` each. A
router that stopped answering after the password cost several command timeouts while the
error named the connect timeout. The prompt exchanges of a login are part of logging in: they
get ``connect_timeout`` too, and the commands after it ``command_timeout`` again. The error
of a failed login says how long it really took when that is more than one timeout.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from nornir.core.task import Task

from netauto import hostkeys
from netauto.exceptions import DeviceError
from netauto.retries import connect_timeout_of, netmiko_of, run_settings, with_retries

log = logging.getLogger(__name__)


def login_extras(task: Task, plugin: str, extras: dict[str, Any] | None) -> dict[str, Any]:
    """The connection options for logging in: prompt reads bounded by connect_timeout."""
    login = dict(extras or {})
    if plugin == "napalm":
        login["optional_args"] = {
            **dict(login.get("optional_args") or {}),
            "read_timeout_override": connect_timeout_of(task),
        }
    else:
        login["read_timeout_override"] = connect_timeout_of(task)
    return login


def after_login(connection: Any, plugin: str, extras: dict[str, Any] | None) -> None:
    """Give the logged-in session its command timeout back (what the options said)."""
    options = dict(extras or {})
    if plugin == "napalm":
        options = dict(options.get("optional_args") or {})
    netmiko = netmiko_of(connection)
    if netmiko is not None and hasattr(netmiko, "read_timeout_override"):
        netmiko.read_timeout_override = options.get("read_timeout_override")


def open_connection(task: Task, plugin: str, retries: int) -> Any:
    """Open, register and return the host's ``plugin`` connection: host key checked, login
    bounded, transient failures retried."""
    from nornir.core.plugins.connections import ConnectionPluginRegister

    host = task.host
    config = task.nornir.config

    def once() -> Any:
        params = host.get_connection_parameters(plugin)
        opened = ConnectionPluginRegister.get_plugin(plugin)()
        opened.open(
            hostname=params.hostname,
            username=params.username,
            password=params.password,
            port=params.port,
            platform=params.platform,
            extras=login_extras(task, plugin, params.extras),
            configuration=config,
        )
        after_login(opened.connection, plugin, params.extras)
        host.connections[plugin] = opened
        return opened.connection

    return checked_open(task, f"{host.name} {plugin}", once, retries)


def checked_open(task: Task, what: str, once: Callable[[], Any], count: int) -> Any:
    """``with_retries`` under the host-key check; accept-new learns an unknown key once."""
    settings = run_settings(task)
    timeout = connect_timeout_of(task)
    if settings is None:  # a plain Nornir: netmiko's own defaults
        return with_retries(what, once, count, timeout, "login")
    host = task.host
    path = hostkeys.apply(host, settings)
    for learned in (False, True):
        try:
            return with_retries(what, once, count, timeout, "login")
        except DeviceError as exc:
            message = str(exc)
            if not hostkeys.is_host_key_failure(message):
                raise
            unknown = message.startswith("unknown host key")
            if unknown and not learned and hostkeys.policy_of(settings) == "accept-new":
                hostkeys.learn(host.hostname or "", host.port or 22, path, timeout)
                hostkeys.apply(host, settings)  # the router's lines now hold the learned key
                continue
            explained = hostkeys.explain(message, path, host.hostname or "", host.port)
            raise DeviceError(explained) from None
    raise AssertionError("unreachable")


def fresh_login(task: Task) -> str | None:
    """Log in to the router over a new SSH session, not the open one: None, or why it failed.

    What an operator would meet after a change: the same credentials, host-key check and
    timeouts as the run's own sessions. The session is closed at once.
    """
    from nornir_netmiko.connections import Netmiko

    host = task.host
    plugin = Netmiko()

    def login() -> Any:
        params = host.get_connection_parameters("netmiko")
        plugin.open(
            params.hostname,
            params.username,
            params.password,
            params.port,
            params.platform,
            login_extras(task, "netmiko", params.extras),
            task.nornir.config,
        )
        return plugin.connection.find_prompt()

    try:
        checked_open(task, f"{host.name} fresh login", login, 0)
    except DeviceError as exc:
        return str(exc)
    finally:
        if getattr(plugin, "connection", None) is not None:
            try:
                plugin.close()
            except Exception:
                log.debug("closing the fresh login of %s failed", host.name, exc_info=True)
    return None
