"""SIGINT and SIGTERM during a change: finish or roll back the router in hand, then stop.

A front end that runs a change (``netauto deploy``, ``rollback``, ``generate``) wraps it in
:func:`stop_on_signals`. The first SIGINT or SIGTERM then no longer kills the process
half-way: it sets a process-wide stop request. Outside the routers' work (setup, the
``Commit?`` prompt, the report) the signal raises :class:`~netauto.exceptions.Interrupted`
at once and the usual clean-up runs (locks released, connections closed, run closed).
While routers are being worked on (inside :func:`working`), the worker threads see the
request at their next safe point (:func:`check`): a router whose commit has not begun is not
touched, a router whose commit has begun is rolled back by its recovery path (its temporary
config removed), no further wave starts. The run is then closed as failed with the reason,
and the CLI exits 128 + the signal number (130 for SIGINT, 143 for SIGTERM).

Only the main thread can install handlers; elsewhere (the web server's threads, the
scheduler) :func:`stop_on_signals` does nothing and the stop request is never set.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from netauto.exceptions import Interrupted

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGINT, signal.SIGTERM)

_stop = threading.Event()
_signum: list[int] = []
_working = [0]  # how deep the main thread is in routers' work (run from the main thread only)


def requested() -> str | None:
    """The name of the signal that asked to stop (``SIGTERM``), None when none did."""
    return signal.Signals(_signum[0]).name if _stop.is_set() and _signum else None


def error(what: str) -> Interrupted:
    """The error of a stopped step: ``interrupted by SIGTERM: <what>``."""
    signum = _signum[0] if _signum else signal.SIGINT
    return Interrupted(f"interrupted by {signal.Signals(signum).name}: {what}", signum=signum)


def check(what: str) -> None:
    """Raise :class:`Interrupted` (``what`` says what that leaves) when a stop was asked."""
    if _stop.is_set():
        raise error(what)


def _handle(signum: int, _frame: FrameType | None) -> None:
    again = _stop.is_set()
    if not again:
        _signum[:] = [signum]
        _stop.set()
    name = signal.Signals(signum).name
    if again:  # never raised twice: the first one's clean-up is running
        log.warning("%s again: still cleaning up (kill -9 would leave that to the next run)", name)
    elif _working[0] == 0:
        raise error("stopped before any router was changed")
    else:
        log.warning("%s: finishing or rolling back the routers in hand, then stopping", name)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM stop the block's change cleanly (see the module docstring)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
    _stop.clear()
    _signum.clear()
    for signum in SIGNALS:
        signal.signal(signum, _handle)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _stop.clear()
        _signum.clear()


@contextmanager
def working() -> Iterator[None]:
    """Routers are being worked on in worker threads: a signal only asks them to stop."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _working[0] += 1
    try:
        yield
    finally:
        _working[0] -= 1
