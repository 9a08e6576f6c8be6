"""Task ``check_reachability``: TCP connect to the SSH port, then an SSH login."""

from __future__ import annotations

import time

from nornir.core.task import Result, Task

from netauto.connect import connect_timeout_of, connection, retries_of, tcp_connect
from netauto.exceptions import DeviceError
from netauto.tasks._device import record_device

DEFAULT_SSH_PORT = 22


def check_reachability(
    task: Task,
    *,
    port: int | None = None,
    timeout: float | None = None,
    login: bool = True,
    plugin: str = "netmiko",
    update_device: bool = True,
) -> Result:
    """Is the router reachable? TCP connect to its SSH port, then log in over SSH.

    ``timeout`` defaults to the ``connect_timeout`` setting and ``port`` to the host's port.
    The login opens the ``plugin`` connection (netmiko or napalm) and leaves it open for the
    tasks that follow; transient failures are retried with backoff, bad credentials are not.
    With ``update_device`` (and a netauto Nornir) network_devices gets status online (and
    last_seen) or offline. An unreachable router fails the task with the reason.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``status`` (``online``), ``address``, ``port``, ``tcp_ms``,
            ``login_ms`` (None without ``login``) and ``response_ms`` (their sum)
          * changed (``bool``): always False
    """
    from netauto.clock import utcnow

    host = task.host
    address = host.hostname or host.name
    ssh_port = port or host.port or DEFAULT_SSH_PORT
    wait = timeout or connect_timeout_of(task)
    try:
        tcp_ms = tcp_connect(address, ssh_port, wait, retries_of(task))
        login_ms = None
        if login:
            started = time.perf_counter()
            connection(task, plugin)
            login_ms = (time.perf_counter() - started) * 1000
    except DeviceError:
        if update_device:
            record_device(task, status="offline")
        raise
    if update_device:
        record_device(task, status="online", last_seen=utcnow())
    result = {
        "status": "online",
        "address": address,
        "port": ssh_port,
        "tcp_ms": round(tcp_ms, 1),
        "login_ms": None if login_ms is None else round(login_ms, 1),
        "response_ms": round(tcp_ms + (login_ms or 0.0), 1),
    }
    return Result(host=host, result=result, changed=False)


check_reachability.operation_type = "reachability_check"  # type: ignore[attr-defined]
