"""The backups folder's git repository, as the ``git`` command line sees it (no Python git
library to install or import); and which router a backup file belongs to."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from netauto.exceptions import BackupRepoError

_SUFFIXES = (".startup.cfg", ".cfg")


def require_git() -> None:
    if shutil.which("git") is None:
        raise BackupRepoError("git is not installed: backups are saved but not versioned")


def run_git(folder: Path, *args: str) -> str:
    require_git()
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


def git_dir(dot_git: Path) -> Path:
    """The repository's git directory: ``.git`` itself, or where a ``.git`` file points."""
    if not dot_git.is_file():
        return dot_git
    text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
    target = Path(text.removeprefix("gitdir:").strip())
    return target if target.is_absolute() else dot_git.parent / target


def pointed_to(dot_git: Path) -> Path | None:
    """Where a ``.git`` file (``gitdir: ...``) points, when that is nowhere; else None."""
    if not dot_git.is_file():
        return None
    target = git_dir(dot_git)
    return None if target.is_dir() and target != dot_git else target


def host_of(filename: str) -> str | None:
    name = Path(filename).name
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None
