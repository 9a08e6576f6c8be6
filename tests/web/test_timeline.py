"""The dashboard's timeline: closed days cached, today always read, changes to the past seen."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fixtures_db import Seeded

from netauto.clock import utcnow
from netauto.db.oplog_store import Store, store_records
from netauto.db.queries import reading
from netauto.db.records import OpRecord
from netauto.db.timeline import TimelineCache, timeline


def counts(url: str, cache: TimelineCache | None) -> list[dict[str, int]]:
    with reading(url) as session:
        days = cache.timeline(session, 7) if cache else timeline(session, 7)
    return [day.counts for day in days]


def test_the_cache_agrees_with_a_full_count(seeded_oplog: Seeded) -> None:
    url, cache = seeded_oplog.url, TimelineCache()
    assert counts(url, cache) == counts(url, None)
    store = Store(url)
    store.store([OpRecord(uuid.uuid4(), "facts", "success", host="R1")])  # today
    assert counts(url, cache) == counts(url, None)
    past = utcnow() - timedelta(days=2)
    late = OpRecord(uuid.uuid4(), "facts", "failed", host="R2", created_at=past)
    late.finished_at = utcnow()  # written now, about two days ago: the past changed
    store.store([late])
    store.close()
    assert counts(url, cache) == counts(url, None)
    assert sum(day["failed"] for day in counts(url, cache)) == 2


def test_what_leaves_no_trace_waits_for_the_ttl(seeded_oplog: Seeded) -> None:
    url = seeded_oplog.url
    kept, fresh = TimelineCache(ttl=600), TimelineCache(ttl=0)
    before = counts(url, kept)
    counts(url, fresh)
    replayed = utcnow() - timedelta(days=3)  # a spool replay: old times all along
    store_records(url, [OpRecord(uuid.uuid4(), "facts", "success", created_at=replayed)])
    assert counts(url, kept) == before
    assert counts(url, fresh) == counts(url, None) != before
