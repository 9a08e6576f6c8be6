"""The backups folder as a git repository: one commit per run naming the hosts that changed.

Uses the ``git`` command line (no Python git library to install or import). A run that
changed nothing makes no commit. Library use::

    from netauto.backups import commit_backups
    result = nr.run(task=backup_config)
    commit = commit_backups(settings.backups_dir, user="ci-bot")
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from netauto.exceptions import BackupRepoError as BackupRepoError  # re-exported

_SUFFIXES = (".startup.cfg", ".cfg")


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


def ensure_repo(folder: str | os.PathLike[str]) -> Path:
    """Create the folder and its git repository if they do not exist yet."""
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    if not (path / ".git").exists():
        _git(path, "init", "-q")
    return path


def host_of(filename: str) -> str | None:
    name = Path(filename).name
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def commit_backups(
    folder: str | os.PathLike[str], *, user: str | None = None, runbook: str = "backup"
) -> Commit | None:
    """Commit every changed backup file; returns the commit, or None when nothing changed."""
    path = ensure_repo(folder)
    _git(path, "add", "-A", "--", ".")
    staged = [line for line in _git(path, "diff", "--cached", "--name-only").splitlines() if line]
    if not staged:
        return None
    hosts = sorted({host for host in map(host_of, staged) if host})
    shown = ", ".join(hosts[:10]) + (f" and {len(hosts) - 10} more" if len(hosts) > 10 else "")
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
