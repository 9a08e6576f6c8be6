"""SSH host keys: every router's key is checked against a known_hosts file before the login.

- ``ssh.host_keys``: ``reject`` (default) refuses a router whose key is not in the file;
  ``accept-new`` records the key of a router met for the first time (as OpenSSH's
  ``StrictHostKeyChecking=accept-new``). A key that differs from the recorded one fails the
  router in both modes, before any password is sent.
- ``ssh.known_hosts``: the file (default ``~/.ssh/known_hosts``). Left at its default, routers
  on loopback addresses, which can only be the simulated fleet, are checked against the lab's
  file instead: every fleet writes its routers' keys there when it starts
  (:func:`lab_known_hosts`), so the lab works out of the box.

The check itself is paramiko's (netmiko's ``ssh_strict``/``alt_key_file`` options, which
NAPALM passes on, its SCP sessions included), given only the router's own lines of the file.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from netauto.exceptions import DeviceError

if TYPE_CHECKING:
    from nornir.core.inventory import Host

    from netauto.settings import Settings

POLICIES = ("reject", "accept-new")
DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts"
# Words paramiko and netmiko use for the two host-key failures (classify() looks for them).
UNKNOWN_KEY = "not found in known_hosts"
_local = threading.Lock()


def lab_known_hosts() -> Path:
    """The known_hosts file every simulated fleet of this user writes its routers' keys to."""
    override = os.environ.get("NETAUTO_LAB_KNOWN_HOSTS")
    if override:
        return Path(override).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "netauto" / "lab_known_hosts"


def host_name(address: str, port: int | None) -> str:
    """How known_hosts names a server: ``[address]:port`` unless on port 22."""
    return address if port in (None, 22) else f"[{address}]:{port}"


def known_hosts_of(settings: Settings, address: str) -> Path:
    """The file that checks ``address``: the setting, else the lab's for loopback addresses."""
    from netauto.plugins.credentials import is_loopback

    configured = settings.values.get("ssh.known_hosts") or DEFAULT_KNOWN_HOSTS
    explicit = settings.sources.get("ssh.known_hosts", "default") != "default"
    if not explicit and is_loopback(address):
        return lab_known_hosts()
    path = Path(str(configured)).expanduser()
    return path if path.is_absolute() else settings.project_dir / path


def policy_of(settings: Settings) -> str:
    return str(settings.values.get("ssh.host_keys") or "reject")


def apply(host: Host, settings: Settings) -> Path:
    """Give the host's netmiko and NAPALM options the check; returns the file used.

    paramiko is given only the host's own lines of the file (:mod:`netauto.knownhosts`):
    the same decision as with the whole file, at a cost that does not grow with it.
    """
    from netauto.knownhosts import view_for
    from netauto.plugins.credentials import own_connection_options

    path = known_hosts_of(settings, host.hostname or "")
    for plugin in ("netmiko", "napalm"):
        options = host.connection_options.get(plugin)
        extras = options.extras if options is not None else None
        if extras is None or (plugin == "napalm" and "optional_args" not in extras):
            extras = own_connection_options(host, plugin)
        target = extras["optional_args"] if plugin == "napalm" else extras
        params = host.get_connection_parameters(plugin)
        port = target.get("port") or params.port or 22  # what the driver will connect to
        address = str(target.get("host") or params.hostname or "")
        target.update(
            ssh_strict=True,  # unknown keys are refused; accept-new learns them first
            system_host_keys=False,
            alt_host_keys=True,
            alt_key_file=str(view_for(path, host_name(address, int(port)))),
        )
    return path


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = path.with_name(path.name + ".lock")
    with _local, open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(path: Path, lines: Iterable[str]) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in lines)
    os.replace(temporary, path)


def _read(path: Path) -> list[str]:
    try:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except FileNotFoundError:
        return []


def replace_entries(path: Path, entries: Iterable[str], *, remove: bool = False) -> None:
    """Put ``entries`` (known_hosts lines) in ``path``, replacing lines for the same servers.

    With ``remove`` the entries are taken out instead (a fleet that stops).
    """
    wanted = [" ".join(line.split()[:3]) for line in entries if line.strip()]
    names = {line.split()[0] for line in wanted}
    with _file_lock(path):
        current = _read(path)
        if remove:
            kept = [line for line in current if " ".join(line.split()[:3]) not in wanted]
        else:
            kept = [line for line in current if line.split()[0] not in names] + wanted
        _write(path, kept)


def learn(address: str, port: int, path: Path, timeout: float) -> str:
    """accept-new: fetch the server's key (no login) and record it; returns its type."""
    import socket

    import paramiko

    name = host_name(address, port)
    try:
        with socket.create_connection((address, port), timeout=timeout) as sock:
            transport = paramiko.Transport(sock)
            try:
                transport.start_client(timeout=timeout)
                key = transport.get_remote_server_key()
            finally:
                transport.close()
    except (OSError, paramiko.SSHException) as exc:
        raise DeviceError(f"cannot read the host key of {name}: {exc}") from None
    with _file_lock(path):
        lines = _read(path)
        if not any(line.split()[0] == name for line in lines):
            _write(path, [*lines, f"{name} {key.get_name()} {key.get_base64()}"])
    return str(key.get_name())


def explain(message: str, path: Path, address: str, port: int | None) -> str:
    """The one line for a host-key failure, naming the file to look at."""
    name = host_name(address, port)
    if message.startswith("host key changed"):
        return (
            f"host key of {name} changed: not the key in {path} (a replaced router? else a "
            "man in the middle); not connected"
        )
    return f"unknown host key of {name}: not in {path} (ssh.host_keys is reject); not connected"


def is_host_key_failure(message: str) -> bool:
    return message.startswith(("host key changed", "unknown host key"))
