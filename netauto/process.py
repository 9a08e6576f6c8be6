"""Background processes: detaching, pid files that are also locks, liveness.

A :class:`PidLock` is a file holding its owner's pid under an exclusive ``flock``: the kernel
drops the lock when the owner dies, however it dies, so a stale file never blocks a new
owner and two owners can never both hold it. The lab, the scheduler and the web server all
detach and check their pid files with these.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
import time
from pathlib import Path


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (ours or another user's)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_gone(pid: int, wait: float) -> bool:
    """Wait up to ``wait`` seconds for ``pid`` to end; whether it did."""
    deadline = time.monotonic() + wait
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not pid_alive(pid)


def terminate(pid_file: Path, what: str, wait: float) -> int:
    """SIGTERM the process holding ``pid_file`` and wait for it to end; returns its pid.

    :class:`~netauto.exceptions.NetautoError` when nothing holds the file or ``what`` is
    still running after ``wait`` seconds.
    """
    from netauto.exceptions import NetautoError

    pid = PidLock(pid_file).owner()
    if pid is None or pid <= 0:
        raise NetautoError(f"{what} is not running for this project")
    os.kill(pid, signal.SIGTERM)
    if not wait_gone(pid, wait):
        raise NetautoError(f"{what} (pid {pid}) did not stop within {wait:.0f} s")
    return pid


def log_to_stderr(name: str) -> None:
    """One timestamped line per event of logger ``name`` on stderr (the log file when
    detached)."""
    logger = logging.getLogger(name)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.INFO)


def daemonize(log: Path) -> None:
    """Fork: the parent prints the child's pid and exits; the child leaves the session.

    The child's stdout and stderr go to ``log``; its stdin is /dev/null.
    """
    pid = os.fork()
    if pid:
        print(pid, flush=True)
        os._exit(0)
    os.setsid()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


class PidLock:
    """An exclusive lock on ``path``, which holds the owner's pid while it is held."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock and write our pid; False when another process holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        """Empty the file and drop the lock (the file stays: unlinking it would race)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)
        self._fd = None

    def owner(self) -> int | None:
        """The pid of the process holding the lock, None when nobody holds it."""
        if self._fd is not None:
            return os.getpid()
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                text = os.read(fd, 64).decode(errors="replace").strip()
                return int(text) if text.isdigit() else -1
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)
