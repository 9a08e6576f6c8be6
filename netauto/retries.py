"""Trying a router again: failures named in one line, backoff, the run's timeouts.

:func:`classify` names whatever netmiko, NAPALM or paramiko raised (refused, timeout, reset,
bad credentials, a host key) and says whether another try may help; :func:`with_retries`
retries the transient ones with exponential backoff and raises one :class:`DeviceError`.
The timeouts and the retry count are the run's settings (:mod:`netauto.context`), else
netmiko's defaults under a plain Nornir. :mod:`netauto.login` and :mod:`netauto.connect`
build on it; tasks import these names from :mod:`netauto.connect`.
"""

from __future__ import annotations

import logging
import random
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netauto.context import settings_or_none
from netauto.exceptions import DeviceError
from netauto.hostkeys import UNKNOWN_KEY

if TYPE_CHECKING:
    from nornir.core.task import Task

    from netauto.settings import Settings

log = logging.getLogger("netauto.connect")

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


def run_settings(task: Task) -> Settings | None:
    """The settings of the task's run; None under a plain Nornir (netmiko's own defaults)."""
    return settings_or_none(task)


def retries_of(task: Task) -> int:
    settings = run_settings(task)
    return int(settings.retries) if settings is not None else DEFAULT_RETRIES


def connect_timeout_of(task: Task) -> float:
    settings = run_settings(task)
    return float(settings.connect_timeout) if settings is not None else 10.0


def command_timeout_of(task: Task) -> float:
    settings = run_settings(task)
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


def netmiko_of(connection: Any) -> Any:
    # NAPALM's ios driver keeps its netmiko session in .device.
    return getattr(connection, "device", None) or connection
