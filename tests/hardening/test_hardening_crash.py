"""Hardening, crashes leave nothing behind: locks of dead runs, signals, temporary config.

Real ``netauto deploy`` processes against the lab fleet: killed with -9, SIGTERM or SIGINT
mid-commit, or cut off from the database after their commit; afterwards no lock blocks the
next run, no ``file prompt quiet`` stays on a router, no run stays ``running``.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from netauto_testing import DEPLOY, Project, config_body
from sqlalchemy import update

from netauto.db.engine import get_engine
from netauto.db.lock_notes import holders
from netauto.db.locks import DeviceLock, acquire, release
from netauto.db.types import utcnow
from netauto.exceptions import LockError

NETAUTO = str(Path(sys.executable).parent / "netauto")
QUIET = "file prompt quiet"


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _own(url: str, host: str, **values: Any) -> None:
    with get_engine(url).begin() as connection:
        connection.execute(update(DeviceLock).where(DeviceLock.host == host).values(**values))


def test_lock_of_a_dead_process_is_taken_over_at_once(database_url: str) -> None:
    here = socket.gethostname()
    acquire(database_url, "R15", owner="crashed")
    _own(database_url, "R15", owner_pid=_dead_pid(), owner_host=here)
    token = acquire(database_url, "R15", owner="alice")  # no 30-minute wait
    assert [(row.owner, row.owner_pid) for row in holders(database_url)] == [("alice", os.getpid())]
    release(database_url, "R15", token)


def test_lock_of_a_live_process_or_a_renewed_lease_holds(database_url: str) -> None:
    acquire(database_url, "R15", owner="alive")  # this very process: alive
    with pytest.raises(LockError, match="R15 is locked by alive"):
        acquire(database_url, "R15", owner="bob")
    # Another machine: its pid cannot be checked, its lease can.
    _own(database_url, "R15", owner_pid=1, owner_host="elsewhere", renewed_at=utcnow())
    with pytest.raises(LockError):
        acquire(database_url, "R15", owner="bob")
    _own(database_url, "R15", renewed_at=utcnow() - timedelta(minutes=5))
    token = acquire(database_url, "R15", owner="bob")
    assert [row.owner for row in holders(database_url)] == ["bob"]
    release(database_url, "R15", token)


def test_the_owner_renews_its_lease(database_url: str) -> None:
    from netauto.db.locks import KEEPER

    token = acquire(database_url, "R15", owner="alice")
    _own(database_url, "R15", renewed_at=utcnow() - timedelta(minutes=5))
    KEEPER.tick()
    (row,) = holders(database_url)
    assert row.renewed_at is not None and row.renewed_at > utcnow() - timedelta(minutes=1)
    release(database_url, "R15", token)


def _sub(project: Project, group: str, *args: str) -> Result:
    """``netauto GROUP SUBCOMMAND --config CONFIG ARGS``."""
    from netauto.cli import cli

    arguments = [group, args[0], "--config", str(project.config), *args[1:]]
    return CliRunner().invoke(cli, arguments, catch_exceptions=False)


def _locks(project: Project, *args: str) -> Result:
    return _sub(project, "locks", *args)


def _locks_json(project: Project) -> list[dict[str, Any]]:
    result = _locks(project, "list", "--json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def test_locks_list_and_release_for_operators(project: Project) -> None:
    url = project.database_url
    assert _locks(project, "list").stdout == "No change locks held.\n"
    acquire(url, "R15", owner="alice")
    acquire(url, "R16", owner="crashed")
    _own(url, "R16", owner_pid=_dead_pid())
    rows = {row["host"]: row for row in _locks_json(project)}
    assert (rows["R15"]["state"], rows["R15"]["stale"]) == ("alive", False)
    assert rows["R16"]["state"].startswith("stale: its process") and rows["R16"]["stale"]
    table = _locks(project, "list").stdout
    assert "R15" in table and "alive" in table and "stale" in table

    refused = _locks(project, "release", "R15", "R16", "--user", "carol")
    assert refused.exit_code == 2  # a refusal, like the missing lock below
    [line] = refused.output.splitlines()
    assert "R15 is locked by alice" in line and "add --force" in line
    assert len(holders(url)) == 2  # nothing released
    missing = _locks(project, "release", "R17")
    assert (missing.exit_code, missing.output) == (2, "Error: no change lock on R17\n")

    done = _locks(project, "release", "R16", "--user", "carol")
    assert done.exit_code == 0 and done.stdout.startswith("R16: released the lock of crashed")
    forced = _locks(project, "release", "R15", "--force", "--user", "carol")
    assert forced.exit_code == 0 and "forced" in forced.stdout
    assert holders(url) == []
    audit = project.operations("lock_release")
    assert [(row.result or {}).get("host") for row in audit] == ["R16", "R15"]
    assert [(row.result or {}).get("forced") for row in audit] == [False, True]
    assert len({row.user_id for row in audit}) == 1 and audit[0].user_id is not None


def _candidate(tmp_path: Path, name: str = "ntp.cfg") -> Path:
    path = tmp_path / name
    path.write_text("ntp server 192.0.2.77\nntp server 192.0.2.78\n")
    return path


def _deploy(project: Project, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [NETAUTO, "deploy", "--json", "--config", str(project.config), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(check: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _quiet_on(project: Project, name: str) -> bool:
    return QUIET in project.fleet.router(name).running_config.splitlines()


def test_kill_9_mid_commit_the_next_run_takes_over_and_cleans_up(
    project: Project, tmp_path: Path
) -> None:
    fleet = project.fleet
    before = config_body(fleet.router("R15").running_config)
    fleet.set_fault("R15", latency=0.3)
    child = _deploy(project, "-H", "R15", "-f", str(_candidate(tmp_path)), "--commit", "-y")
    try:
        _wait_for(lambda: _quiet_on(project, "R15"))  # NAPALM's commit has begun
    finally:
        child.kill()
        child.communicate(timeout=30)
    fleet.clear_faults("R15")
    assert child.returncode == -signal.SIGKILL
    # What kill -9 leaves behind, and what an operator sees of it.
    (lock,) = _locks_json(project)
    assert lock["host"] == "R15" and lock["state"] == f"stale: its process {child.pid} on " + (
        f"{socket.gethostname()} is gone"
    )
    # At once, not in 30 minutes: a rollback takes the dead run's lock over and cleans up.
    result = project.run("rollback", "-H", "R15", "--commit", "-y", "--json")
    assert result.exit_code == 0, result.output
    assert "took over the change lock" in result.stderr
    assert config_body(fleet.router("R15").running_config) == before
    assert QUIET not in fleet.router("R15").running_config
    assert holders(project.database_url) == []
    killed = next(run for run in project.runs() if run.runbook == "deploy")
    assert killed.status == "failed" and "is gone" in (killed.error_message or "")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_mid_commit_rolls_back_and_cleans_up(
    project: Project, tmp_path: Path, signum: int
) -> None:
    fleet = project.fleet
    before = config_body(fleet.router("R15").running_config)
    for router in ("R15", "R16"):  # slow enough that neither finishes before the signal
        fleet.set_fault(router, latency=0.2)
    child = _deploy(project, "-H", "R15,R16", "-f", str(_candidate(tmp_path)), "--commit", "-y")
    try:
        _wait_for(lambda: _quiet_on(project, "R15") or _quiet_on(project, "R16"))
        child.send_signal(signum)
        out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate(timeout=30)
    fleet.clear_faults()
    assert child.returncode == 128 + signum, out + err
    name = signal.Signals(signum).name
    rows = {row["host"]: row for row in json.loads(out)}
    # The router in hand was rolled back; nothing anywhere committed; no temporary line left.
    assert all(row["status"] in ("failed", "rolled back") for row in rows.values()), rows
    assert all(row["detail"].startswith(f"interrupted by {name}") for row in rows.values()), rows
    assert config_body(fleet.router("R15").running_config) == before
    assert f"Interrupted by {name}." in err
    for router in ("R15", "R16"):
        assert QUIET not in fleet.router(router).running_config
        assert QUIET not in fleet.router(router).startup_config
        assert "192.0.2.77" not in fleet.router(router).running_config
    assert holders(project.database_url) == []
    (run,) = [run for run in project.runs() if run.runbook == "deploy"]
    assert run.status == "failed" and name in (run.error_message or "")
    assert all(row.status != "running" for row in project.operations())


def test_temporary_config_is_removed_after_a_commit(project: Project, tmp_path: Path) -> None:
    result = project.run("deploy", "-H", "R15", "-f", str(_candidate(tmp_path)), "--commit", "-y")
    assert result.exit_code == 0, result.output
    view = project.fleet.router("R15")
    assert "ntp server 192.0.2.77" in view.running_config
    assert QUIET not in view.running_config
    assert QUIET not in view.startup_config  # NAPALM saved it there with the commit


def test_temporary_config_is_removed_after_a_rollback(project: Project, tmp_path: Path) -> None:
    """A post-check fails, the router is rolled back: NAPALM saved its line with the rollback."""
    fleet = project.fleet
    before = config_body(fleet.router("R16").running_config)
    candidate = tmp_path / "password.cfg"
    candidate.write_text("username netauto privilege 15 secret 0 not-the-lab-password\n")
    result = project.run(
        "deploy", "-H", "R16", "-f", str(candidate), "--commit", "-y", "--revert-in", "60"
    )
    assert result.exit_code == 1 and "rolled back, unchanged" in result.output, result.output
    view = fleet.router("R16")
    assert config_body(view.running_config) == before
    assert QUIET not in view.running_config
    assert QUIET not in view.startup_config


def test_commit_during_a_database_outage_is_reported_committed(
    postgres_server: Any, fleet: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    from netauto.db.engine import dispose_engines

    module = importlib.import_module("netauto.tasks.deploy_config")

    url = postgres_server()
    from netauto_testing import PG_SERVER, make_project

    project = make_project(tmp_path, url, fleet, **DEPLOY)
    name = url.rsplit("/", 1)[1]
    admin = psycopg.connect(
        PG_SERVER.replace("postgresql+psycopg://", "postgresql://") + "/postgres", autocommit=True
    )
    stored = module.snapshot

    def snapshot_then_outage(*args: Any, **kwargs: Any) -> str | None:
        found = stored(*args, **kwargs)
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        return found

    monkeypatch.setattr(module, "snapshot", snapshot_then_outage)
    try:
        result = project.run(
            "deploy", "-H", "R15", "-f", str(_candidate(tmp_path)), "--commit", "-y", "--json"
        )
    finally:
        try:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        finally:
            admin.close()
            dispose_engines()
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["status"], row["detail"].split(",")[0]) == ("committed", "committed"), row
    assert "results spooled" in result.stderr
    assert "change locks of R15 not released" in result.stderr
    assert "ntp server 192.0.2.77" in fleet.router("R15").running_config
    assert QUIET not in fleet.router("R15").running_config
    # The database is back: the lock the run could not release is released by the keeper.
    from netauto.db.locks import KEEPER

    assert [held.host for held in KEEPER.pending()] == ["R15"]
    KEEPER.tick()
    assert holders(url) == [] and KEEPER.pending() == []
    # The spool keeps the rows: replayed, the log says committed too.
    replay = _sub(project, "ops", "replay")
    assert replay.exit_code == 0, replay.output
    commits = project.operations("config_commit")
    assert [(c.host, c.status, (c.result or {})["result"]["status"]) for c in commits] == [
        ("R15", "success", "committed")
    ]
    assert uuid.UUID(str(commits[0].run_id))


def test_signal_at_the_prompt_commits_nothing(project: Project, tmp_path: Path) -> None:
    before = project.fleet.router("R15").running_config
    candidate = str(_candidate(tmp_path))
    child = subprocess.Popen(
        [
            NETAUTO,
            "deploy",
            "--config",
            str(project.config),
            "-H",
            "R15",
            "-f",
            candidate,
            "--commit",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        seen = ""
        while "Commit?" not in seen:  # the plan is shown, the prompt waits
            char = child.stdout.read(1)
            assert char, seen
            seen += char
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate(timeout=30)
    assert child.returncode == 130, seen + out + err
    assert "Error: interrupted by SIGINT: stopped before any router was changed" in err
    assert project.fleet.router("R15").running_config == before
    assert holders(project.database_url) == []
    (run,) = project.runs()
    assert run.status == "failed" and run.error_message == "interrupted by SIGINT"
