"""The backups folder as a git repository: one commit per run naming the hosts that changed.

Uses the ``git`` command line (no Python git library to install or import). A run that
changed nothing makes no commit. Library use::

    from netauto.backups import commit_backups
    result = nr.run(task=backup_config)
    commit = commit_backups(settings.backups_dir, user="ci-bot")

Commits of one folder are serialised across processes (a lock file the system releases when
its holder dies, ``.netauto-commit.lock``): two backups at once never race on git's own
``index.lock``. An ``index.lock`` no process holds (git was killed) is removed; one a running
process holds, or a ``.git`` that points nowhere, fails the commit with one line.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from netauto.exceptions import BackupRepoError as BackupRepoError  # re-exported
from netauto.private import private_dir
from netauto.text import names

_SUFFIXES = (".startup.cfg", ".cfg")
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


def _git(folder: Path, *args: str) -> str:
    if shutil.which("git") is None:
        raise BackupRepoError("git is not installed: backups are saved but not versioned")
    command = [
        "git",
        "-C",
        str(folder),
        "-c",
        "core.hooksPath=/dev/null",
        "-c",
        "commit.gpgsign=false",
        *args,
    ]
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        problem = (done.stderr or done.stdout).strip().splitlines()
        verb = next((arg for arg in args if not arg.startswith("-") and "=" not in arg), "")
        raise BackupRepoError(f"git {verb} in {folder}: {problem[-1] if problem else 'failed'}")
    return done.stdout


def _git_dir(dot_git: Path) -> Path:
    """The repository's git directory: ``.git`` itself, or where a ``.git`` file points."""
    if not dot_git.is_file():
        return dot_git
    text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
    target = Path(text.removeprefix("gitdir:").strip())
    return target if target.is_absolute() else dot_git.parent / target


def _pointed_to(dot_git: Path) -> Path | None:
    """Where a ``.git`` file (``gitdir: ...``) points, when that is nowhere; else None."""
    if not dot_git.is_file():
        return None
    target = _git_dir(dot_git)
    return None if target.is_dir() and target != dot_git else target


def ensure_repo(folder: str | os.PathLike[str]) -> Path:
    """Create the folder and its git repository if they do not exist yet."""
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise BackupRepoError(f"the backups folder {path} is a file")
    private_dir(path)
    nowhere = _pointed_to(path / ".git")
    if nowhere is not None:
        raise BackupRepoError(
            f"{path / '.git'} points to {nowhere}, which is no git repository: "
            "fix or remove that file"
        )
    if not (path / ".git").exists():
        # Configs hold secrets: git objects readable by the owner only, whatever the umask.
        _git(path, "init", "-q", "--shared=0600")
    return path


def host_of(filename: str) -> str | None:
    name = Path(filename).name
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


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
        git_dir = _git_dir(path / ".git")  # no git process for it: a backup spawns enough
        _ignore_lock_file(git_dir)
        clear_stale_lock(git_dir)
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
    _git(path, "add", "-A", "--", ".")
    staged = [line for line in _git(path, "diff", "--cached", "--name-only").splitlines() if line]
    if not staged:
        return None
    hosts = sorted({host for host in map(host_of, staged) if host})
    shown = names(hosts, 10)
    subject = f"{runbook}: {shown or 'other files'} changed"
    body = "\n".join(f"- {name}" for name in staged)
    author = user or "netauto"
    _git(
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
    sha = _git(path, "rev-parse", "HEAD").strip()
    return Commit(sha=sha, hosts=hosts, message=subject)


def history(folder: str | os.PathLike[str], filename: str | None = None) -> list[str]:
    """Commit subjects, newest first (of one file when given)."""
    path = Path(folder)
    if not (path / ".git").exists():
        return []
    args = ["log", "--format=%s"] + (["--", filename] if filename else [])
    try:
        return [line for line in _git(path, *args).splitlines() if line]
    except BackupRepoError:
        return []  # a fresh repository without commits


@dataclass(frozen=True)
class Version:
    """One commit of a backup file: its id, when it was committed, its subject."""

    sha: str
    date: str
    subject: str


_REF = re.compile(r"^[0-9a-f]{4,40}$")


def versions(folder: str | os.PathLike[str], filename: str, limit: int = 20) -> list[Version]:
    """The commits that changed ``filename``, newest first."""
    path = Path(folder)
    if not (path / ".git").exists():
        return []
    try:
        out = _git(path, "log", f"-n{limit}", "--format=%H%x09%cI%x09%s", "--", filename)
    except BackupRepoError:
        return []  # a fresh repository without commits
    found = [line.split("\t", 2) for line in out.splitlines() if line.count("\t") >= 2]
    return [Version(sha, date, subject) for sha, date, subject in found]


def file_diff(folder: str | os.PathLike[str], filename: str, older: str, newer: str) -> str:
    """The unified diff of ``filename`` between two commits (ids or unique prefixes)."""
    for ref in (older, newer):
        if not _REF.match(ref):
            raise BackupRepoError(f"{ref!r} is not a commit id (4 to 40 hex digits)")
    return _git(Path(folder), "diff", "--no-color", older, newer, "--", filename)


@dataclass(frozen=True)
class Change:
    """One commit of the backups folder, oldest first in :func:`changes`: the files it
    changed (added, modified or deleted)."""

    sha: str
    date: str
    files: tuple[str, ...]


def head(folder: str | os.PathLike[str]) -> str | None:
    """The newest commit of the backups folder, None before the first."""
    path = Path(folder)
    if not (path / ".git").exists():
        return None
    try:
        return _git(path, "rev-parse", "--verify", "-q", "HEAD").strip() or None
    except BackupRepoError:
        return None


def is_ancestor(folder: str | os.PathLike[str], older: str, newer: str) -> bool:
    try:
        _git(Path(folder), "merge-base", "--is-ancestor", older, newer)
    except BackupRepoError:
        return False
    return True


def changes(folder: str | os.PathLike[str], after: str | None, until: str) -> list[Change]:
    """The commits after ``after`` (None: from the first) up to ``until``, oldest first."""
    span = f"{after}..{until}" if after else until
    out = _git(
        Path(folder),
        "log",
        "--reverse",
        "--no-renames",
        "--format=%x00%H%x09%cI",
        "--name-only",
        span,
    )
    found = []
    for block in out.split("\0")[1:]:
        header, _, rest = block.partition("\n")
        sha, _, date = header.partition("\t")
        files = tuple(line for line in rest.splitlines() if line)
        found.append(Change(sha, date, files))
    return found


def contents(folder: str | os.PathLike[str], wanted: list[tuple[str, str]]) -> list[str | None]:
    """The text of each (commit, file) in one ``git cat-file --batch`` (None: not there)."""
    if not wanted:
        return []
    if shutil.which("git") is None:
        raise BackupRepoError("git is not installed: backups are saved but not versioned")
    request = "".join(f"{sha}:{name}\n" for sha, name in wanted).encode()
    done = subprocess.run(
        ["git", "-C", str(folder), "cat-file", "--batch"],
        input=request,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupRepoError(f"git cat-file in {folder}: {done.stderr.decode(errors='replace')}")
    out, position = done.stdout, 0
    found: list[str | None] = []
    for _ in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] == b"missing":
            found.append(None)
            continue
        size = int(header[2])
        found.append(out[position : position + size].decode("utf-8", errors="replace"))
        position += size + 1
    return found
