"""The live feed: rows written by any process reach subscribers (LISTEN on PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from netauto_testing import write_project
from sqlalchemy import text

from netauto.clock import utcnow
from netauto.db.engine import get_engine
from netauto.db.oplog_store import Store, store_records
from netauto.db.records import OpRecord, RunRecord
from netauto.project import Project
from netauto.web.feed import MAX_ROWS, Event, Feed, FeedFull, Subscription


def project_on(url: str, folder: Path) -> Project:
    """A project whose database is ``url`` (the feed reads the log through it)."""
    return Project.open(write_project(folder, url))


@pytest.fixture
def feed(oplog_url: str, tmp_path: Path) -> Iterator[Feed]:
    found = Feed(project_on(oplog_url, tmp_path), poll=0.1, safety_poll=5.0, max_subscribers=2)
    yield found
    found.close()


def next_event(subscription: Subscription, kind: str, timeout: float = 5.0) -> Event:
    deadline = utcnow() + timedelta(seconds=timeout)
    while utcnow() < deadline:
        event = subscription.get(timeout=0.2)
        if event is not None and event.kind == kind:
            return event
    raise AssertionError(f"no {kind} event within {timeout} s")


def test_new_and_finished_operations_are_sent(feed: Feed, oplog_url: str) -> None:
    subscription = feed.subscribe()
    assert feed.ready.wait(5)  # the watcher knows where the log stands: later rows are news
    run, op = uuid.uuid4(), uuid.uuid4()
    store = Store(oplog_url)
    store.store(
        [
            RunRecord(run, "backup", "alice"),
            OpRecord(op, "config_backup", "running", host="R15", run_id=run, username="alice"),
        ]
    )
    event = next_event(subscription, "op")
    assert event.data["id"] == str(op) and event.data["status"] == "running"
    assert event.data["runbook"] == "backup" and event.data["username"] == "alice"
    done = OpRecord(op, "config_backup", "success", host="R15", run_id=run, username="alice")
    done.finished_at = utcnow()
    store.store([done])
    store.close()
    event = next_event(subscription, "op")
    assert (event.data["id"], event.data["status"]) == (str(op), "success")
    assert subscription.get(timeout=0.5) is None  # each change once
    subscription.close()


def test_postgresql_notifies_listeners(pg_database_url: str, tmp_path: Path) -> None:
    oplog_url = pg_database_url
    with get_engine(oplog_url).connect() as connection:
        found = connection.execute(
            text("SELECT tgname FROM pg_trigger WHERE tgname = 'netauto_oplog_changed'")
        ).all()
    assert found  # migration 0005
    # Only a notification can wake it.
    slow = Feed(project_on(oplog_url, tmp_path), poll=60.0, safety_poll=60.0)
    assert slow.listening
    subscription = slow.subscribe()
    try:
        assert slow.ready.wait(5)
        op = uuid.uuid4()
        store_records(oplog_url, [OpRecord(op, "facts", "success", host="R2")])
        assert next_event(subscription, "op", timeout=3).data["id"] == str(op)
    finally:
        slow.close()


def test_a_bulk_change_is_one_reset(feed: Feed, oplog_url: str) -> None:
    subscription = feed.subscribe()
    assert feed.ready.wait(5)
    now = utcnow()
    store_records(
        oplog_url,
        [
            OpRecord(uuid.uuid4(), "facts", "success", host=f"R{n}", created_at=now)
            for n in range(MAX_ROWS + 10)
        ],
    )
    assert next_event(subscription, "reset").data["reason"]
    subscription.close()


def test_a_users_streams_whose_clients_left_are_not_counted(feed: Feed) -> None:
    """A page left a moment ago: its stream is not over yet, but its client is gone. The
    user's next stream takes its place instead of a 429 (a fast click through pages)."""
    small = Feed(feed.project, per_user=2)
    left = False
    first = small.subscribe(owner="u", gone=lambda: left)
    second = small.subscribe(owner="u")
    with pytest.raises(FeedFull):
        small.subscribe(owner="u")
    left = True
    third = small.subscribe(owner="u")
    assert first.dropped and not second.dropped and not third.dropped
    other = small.subscribe(owner="v", gone=lambda: True)  # only the owner's own are looked at
    assert not other.dropped
    small.close()


def test_streams_are_bounded(feed: Feed) -> None:
    first, second = feed.subscribe(), feed.subscribe()
    with pytest.raises(FeedFull):
        feed.subscribe()
    first.close()
    feed.subscribe().close()
    small = Feed(feed.project)
    slow = small.subscribe(size=2)
    for n in range(3):
        small.publish(Event("job", {"n": n}))
    assert slow.dropped  # a client that does not keep up is dropped, not waited for
    small.close()
    second.close()
