"""The backups' history, read from their git repository: commit subjects, a file's versions
and diffs, the commits since one and the files they changed, a file's text at a commit."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from netauto.backups.repo import require_git, run_git
from netauto.exceptions import BackupRepoError


def history(folder: str | os.PathLike[str], filename: str | None = None) -> list[str]:
    """Commit subjects, newest first (of one file when given)."""
    path = Path(folder)
    if not (path / ".git").exists():
        return []
    args = ["log", "--format=%s"] + (["--", filename] if filename else [])
    try:
        return [line for line in run_git(path, *args).splitlines() if line]
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
        out = run_git(path, "log", f"-n{limit}", "--format=%H%x09%cI%x09%s", "--", filename)
    except BackupRepoError:
        return []  # a fresh repository without commits
    found = [line.split("\t", 2) for line in out.splitlines() if line.count("\t") >= 2]
    return [Version(sha, date, subject) for sha, date, subject in found]


def file_diff(folder: str | os.PathLike[str], filename: str, older: str, newer: str) -> str:
    """The unified diff of ``filename`` between two commits (ids or unique prefixes)."""
    for ref in (older, newer):
        if not _REF.match(ref):
            raise BackupRepoError(f"{ref!r} is not a commit id (4 to 40 hex digits)")
    return run_git(Path(folder), "diff", "--no-color", older, newer, "--", filename)


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
        return run_git(path, "rev-parse", "--verify", "-q", "HEAD").strip() or None
    except BackupRepoError:
        return None


def is_ancestor(folder: str | os.PathLike[str], older: str, newer: str) -> bool:
    try:
        run_git(Path(folder), "merge-base", "--is-ancestor", older, newer)
    except BackupRepoError:
        return False
    return True


def changes(folder: str | os.PathLike[str], after: str | None, until: str) -> list[Change]:
    """The commits after ``after`` (None: from the first) up to ``until``, oldest first."""
    span = f"{after}..{until}" if after else until
    out = run_git(
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
    require_git()
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
