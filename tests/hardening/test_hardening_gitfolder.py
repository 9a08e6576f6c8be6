"""Hardening, git and the backups folder: concurrent commits, stale and held locks, bad .git.

Real ``git`` in a real folder, and real ``netauto backup`` runs against the lab fleet:
commits from many threads at once all land (the lock is the system's: across processes
too); an ``index.lock`` left by a killed git is removed; one a live process holds, or a
``.git`` file pointing nowhere, fails the backup (exit 1, one line).
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest
from netauto_testing import Project, configure_router

from netauto.backups import commit_backups
from netauto.backups.history import history


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)
    return done.stdout


def test_commits_of_one_folder_from_many_threads_never_race(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    commit_backups(folder)  # the repository exists: the race is on index.lock, not git init
    errors: list[BaseException] = []

    def back_up(number: int) -> None:
        try:
            for round_ in range(3):
                (folder / f"R{number}.cfg").write_text(f"hostname R{number}\n! {round_}\n")
                commit_backups(folder, user=f"user{number}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=back_up, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _git(folder, "status", "--porcelain") == ""  # every file committed, the lock ignored
    assert len(history(folder)) >= 6


def _change_r15(project: Project, value: str) -> None:
    configure_router(project, "R15", [f"ntp server {value}"])


def test_a_leftover_index_lock_is_cleared_and_a_held_one_fails(project: Project) -> None:
    assert project.run("backup", "-H", "R15").exit_code == 0
    lock = project.backups / ".git" / "index.lock"
    lock.write_text("")  # what a git killed mid-command leaves behind
    _change_r15(project, "192.0.2.93")
    result = project.run("backup", "-H", "R15")
    assert result.exit_code == 0, result.output
    assert "not committed" not in result.output and not lock.exists()
    assert _git(project.backups, "status", "--porcelain") == ""

    _change_r15(project, "192.0.2.94")
    with lock.open("w"):  # a git of someone else's, still running
        held = project.run("backup", "-H", "R15")
    assert held.exit_code == 1, held.output
    assert f"{lock} is held by process" in held.output
    lock.unlink()


def test_a_git_file_pointing_nowhere_fails_the_backup(project: Project, tmp_path: Path) -> None:
    project.backups.mkdir()
    (project.backups / ".git").write_text(f"gitdir: {tmp_path / 'gone' / '.git'}\n")
    result = project.run("backup", "-H", "R15")
    assert result.exit_code == 1, result.output
    [line] = [line for line in result.output.splitlines() if "git:" in line]
    assert "not committed" in line and "which is no git repository" in line
    assert (project.backups / "R15.cfg").exists()  # the config is saved, only not versioned
    (run,) = project.runs()
    assert run.status == "failed" and "no git repository" in (run.error_message or "")
