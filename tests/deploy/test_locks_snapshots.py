"""Per-host change locks and pre-change snapshots, on SQLite and PostgreSQL, across processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import update

from netauto.db.engine import get_engine
from netauto.db.lock_notes import holders
from netauto.db.locks import DeviceLock, acquire, device_lock, hold_many, release
from netauto.db.snapshots import find_snapshot, save_snapshot
from netauto.db.types import utcnow
from netauto.exceptions import LockError


def test_second_taker_fails_fast_naming_the_holder(database_url: str) -> None:
    run = uuid.uuid4()
    with device_lock(database_url, "R15", owner="alice", run_id=run):
        with pytest.raises(LockError) as error:
            acquire(database_url, "R15", owner="bob")
        assert str(error.value).startswith(f"R15 is locked by alice (run {str(run)[:8]}, ")
        assert error.value.exit_code == 1
        token = acquire(database_url, "R16", owner="bob")  # other routers are free
        release(database_url, "R16", token)
    assert holders(database_url) == []
    release(database_url, "R15", acquire(database_url, "R15", owner="bob"))


def test_expired_lock_is_taken_over(database_url: str) -> None:
    stale = acquire(database_url, "R15", owner="crashed")
    with get_engine(database_url).begin() as connection:
        connection.execute(update(DeviceLock).values(expires_at=utcnow() - timedelta(seconds=1)))
    token = acquire(database_url, "R15", owner="alice")
    release(database_url, "R15", stale)  # the crashed run's release must not free alice's lock
    assert [row.owner for row in holders(database_url)] == ["alice"]
    release(database_url, "R15", token)


def test_hold_many_reports_the_refused(database_url: str) -> None:
    with (
        device_lock(database_url, "R16", owner="alice"),
        hold_many(database_url, ["R15", "R16", "R17"], owner="bob") as refused,
    ):
        assert list(refused) == ["R16"]
        assert sorted(row.host for row in holders(database_url)) == ["R15", "R16", "R17"]
    assert holders(database_url) == []


def test_lock_holds_across_processes(database_url: str) -> None:
    with device_lock(database_url, "R15", owner="alice"):
        script = textwrap.dedent(
            f"""
            from netauto.db.locks import acquire
            from netauto.exceptions import LockError
            try:
                acquire({database_url!r}, "R15", owner="bob")
            except LockError as exc:
                print("refused:", exc)
            else:
                print("taken")
            """
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
    assert done.stdout.startswith("refused: R15 is locked by alice"), done.stderr


def test_snapshots_newest_by_reason_run_or_id(database_url: str) -> None:
    run = uuid.uuid4()
    first = save_snapshot(database_url, "R15", "hostname R15\nend\n", run_id=run, username="a")
    save_snapshot(database_url, "R15", "hostname R15\nntp server 192.0.2.1\nend\n")
    undo = save_snapshot(database_url, "R15", "hostname X\nend\n", reason="rollback")
    newest = find_snapshot(database_url, "R15")
    assert newest is not None and "ntp server 192.0.2.1" in newest.config
    by_run = find_snapshot(database_url, "R15", run_id=str(run)[:8])
    assert by_run is not None and by_run.id == first and by_run.username == "a"
    by_id = find_snapshot(database_url, "R15", snapshot_id=str(undo)[:8])
    assert by_id is not None and by_id.reason == "rollback"
    assert find_snapshot(database_url, "R16") is None
