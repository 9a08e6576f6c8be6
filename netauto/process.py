"""Background processes: detaching, pid files that are also locks, liveness.

A :class:`PidLock` is a file holding its owner's pid under an exclusive ``flock``: the kernel
drops the lock when the owner dies, however it dies, so a stale file never blocks a new
owner and two owners can never both hold it. The lab, the scheduler and the web server all
detach and check their pid files with these.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from netauto.exceptions import NetautoError
from netauto.text import first_line


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


def launch(
    args: list[str],
    folder: Path,
    log_file: str,
    pid_file: str,
    what: str,
    timeout: float,
    ready: Callable[[], bool] = lambda: True,
) -> int:
    """Run ``args`` (a launcher that forks the daemon, prints its pid and exits) and wait
    until the daemon holds ``pid_file`` and ``ready()``; returns its pid.

    A daemon that dies first, or prints no pid, is one NetautoError quoting the last line of
    its log (``folder/log_file``, which gets its stderr).
    """
    from netauto.exceptions import NetautoError

    def last_line() -> str:
        lines = (folder / log_file).read_text(errors="replace").strip().splitlines()
        return lines[-1].removeprefix("Error: ") if lines else "no log"

    with open(folder / log_file, "ab") as output:
        # The launcher forks the daemon and exits at once: nothing is left to reap.
        launched = subprocess.run(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=output, check=False
        )
    try:
        pid = int(launched.stdout.decode().strip())
    except ValueError:
        raise NetautoError(f"{what} did not start: {last_line()}") from None
    pid_lock = PidLock(folder / pid_file)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid_lock.owner() == pid and ready():
            return pid
        if not pid_alive(pid):
            raise NetautoError(f"{what} did not start: {last_line()}")
        time.sleep(0.05)
    raise NetautoError(f"{what} did not start within {timeout:.0f} s (pid {pid})")


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


def one_line_errors(body: Callable[[], int | None]) -> int:
    """A process's ``main``: ``body``'s exit code (None: 0); a NetautoError is one line on
    stderr, secrets masked, and the error's exit code (2 for a refusal)."""
    try:
        return body() or 0
    except NetautoError as exc:
        # Here, not at the top: netauto --help imports this module (the lab's commands), and
        # the masking patterns cost 3.5 ms of its start-up (python -X importtime).
        from netauto.secrets import mask_message

        print(f"Error: {mask_message(first_line(exc))}", file=sys.stderr, flush=True)
        return exc.exit_code
