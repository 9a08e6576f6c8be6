"""Commit a run's backups: one commit per run naming the hosts that changed; a run that
changed nothing makes no commit.

Commits of one folder are serialised across processes (a lock file the system releases when
its holder dies, ``.netauto-commit.lock``): two backups at once never race on git's own
``index.lock``. An ``index.lock`` no process holds (git was killed) is removed; one a running
process holds, or a ``.git`` that points nowhere, fails the commit with one line.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from netauto.backups.repo import git_dir, host_of, pointed_to, run_git
from netauto.exceptions import BackupRepoError
from netauto.private import private_dir
from netauto.text import names

log = logging.getLogger(__name__)
LOCK_FILE = ".netauto-commit.lock"
LOCK_WAIT = 120.0  # seconds a commit waits for another one of the same folder


@dataclass(frozen=True)
class Commit:
    sha: str
    hosts: list[str]
    message: str

    @property
    def short(self) -> str:
        return self.sha[:7]


def ensure_repo(folder: str | os.PathLike[str]) -> Path:
    """Create the folder and its git repository if they do not exist yet."""
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise BackupRepoError(f"the backups folder {path} is a file")
    private_dir(path)
    nowhere = pointed_to(path / ".git")
    if nowhere is not None:
        raise BackupRepoError(
            f"{path / '.git'} points to {nowhere}, which is no git repository: "
            "fix or remove that file"
        )
    if not (path / ".git").exists():
        # Configs hold secrets: git objects readable by the owner only, whatever the umask.
        run_git(path, "init", "-q", "--shared=0600")
    return path


@contextmanager
def serialised(folder: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the folder's commit lock (other processes, other threads wait for it)."""
    private_dir(folder)
    handle = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise BackupRepoError(
                        f"another commit of {folder} has held it for {wait:g}s"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)  # releases the lock


def _holders(lock: Path) -> list[int]:
    """The processes that have ``lock`` open (Linux's /proc; elsewhere none can be seen)."""
    found: list[int] = []
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) == str(lock) for fd in fd_dir.iterdir()):
                found.append(int(fd_dir.parent.name))
        except OSError:
            continue  # gone meanwhile, or not ours to read
    return found


def clear_stale_lock(git_dir: Path) -> bool:
    """Remove git's ``index.lock`` when no process holds it (git was killed mid-command).

    Called under :func:`serialised`, so no commit of ours is running; a process that holds it
    (someone's git in that folder) fails the commit instead. Returns whether one was removed.
    """
    lock = git_dir / "index.lock"
    if not lock.exists():
        return False
    holders = _holders(lock)
    if holders:
        raise BackupRepoError(f"{lock} is held by process {holders[0]}, a git still running")
    lock.unlink(missing_ok=True)
    log.warning("removed %s: no process held it (a git killed mid-command)", lock)
    return True


def commit_backups(
    folder: str | os.PathLike[str], *, user: str | None = None, runbook: str = "backup"
) -> Commit | None:
    """Commit every changed backup file; returns the commit, or None when nothing changed.

    One commit of the folder at a time, across processes (:func:`serialised`).
    """
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise BackupRepoError(f"the backups folder {path} is a file")
    with serialised(path):
        ensure_repo(path)
        repository = git_dir(path / ".git")  # no git process for it: a backup spawns enough
        _ignore_lock_file(repository)
        clear_stale_lock(repository)
        return _commit(path, user, runbook)


def _ignore_lock_file(git_dir: Path) -> None:
    """Our lock file is no backup: ``git status`` in the folder does not list it."""
    exclude = git_dir / "info" / "exclude"
    present = exclude.read_text(encoding="utf-8") if exclude.exists() else ""
    if f"/{LOCK_FILE}" not in present.splitlines():
        private_dir(exclude.parent)
        with exclude.open("a", encoding="utf-8") as out:
            out.write(("\n" if present and not present.endswith("\n") else "") + f"/{LOCK_FILE}\n")


def _commit(path: Path, user: str | None, runbook: str) -> Commit | None:
    run_git(path, "add", "-A", "--", ".")
    staged = [
        line for line in run_git(path, "diff", "--cached", "--name-only").splitlines() if line
    ]
    if not staged:
        return None
    hosts = sorted({host for host in map(host_of, staged) if host})
    shown = names(hosts, 10)
    subject = f"{runbook}: {shown or 'other files'} changed"
    body = "\n".join(f"- {name}" for name in staged)
    author = user or "netauto"
    run_git(
        path,
        "-c",
        f"user.name={author}",
        "-c",
        f"user.email={author}@netauto.invalid",
        "commit",
        "-q",
        "-m",
        subject,
        "-m",
        body,
    )
    sha = run_git(path, "rev-parse", "HEAD").strip()
    return Commit(sha=sha, hosts=hosts, message=subject)
