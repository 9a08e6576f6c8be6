"""Queries over the operations log, on SQLite and on PostgreSQL (``oplog_url`` runs both)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from netauto.db import models, queries
from netauto.db import stats as db_stats
from netauto.db.oplog_store import store_records
from netauto.db.queries import OperationRow, RunDetail
from netauto.db.records import OpRecord, RunRecord
from netauto.engine.param import option_of
from netauto.exceptions import DatabaseError, UsageError

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def hosts(rows: list[OperationRow]) -> list[str | None]:
    return [row.host for row in rows]


def test_list_is_newest_first_with_runbook_and_user(seeded_oplog) -> None:
    rows = queries.list_operations(seeded_oplog.url)
    assert hosts(rows) == ["R17", "R16", "R15", "R18", "R16", "R15"]
    first = rows[0]
    assert first.id == seeded_oplog.backup_ops["R17"]
    assert (first.runbook, first.username, first.status) == ("backup", "alice", "failed")
    assert first.error_message == "connect timeout after 10s"
    assert first.created_at.tzinfo is not None
    loose = rows[3]
    assert (loose.run_id, loose.runbook, loose.username) == (None, None, None)
    # The list leaves out the bulky columns; show has them.
    assert rows[2].diff is None and rows[2].result is None


def test_filters_combine(seeded_oplog) -> None:
    url, now = seeded_oplog.url, seeded_oplog.now
    assert hosts(queries.list_operations(url, hosts=["R15"])) == ["R15", "R15"]
    assert hosts(queries.list_operations(url, hosts=["R15", "R18"], types=["get_facts"])) == ["R15"]
    assert hosts(queries.list_operations(url, statuses=["failed", "running"])) == ["R17", "R18"]
    assert hosts(queries.list_operations(url, since=now - timedelta(hours=1))) == [
        "R17",
        "R16",
        "R15",
    ]
    window = queries.list_operations(
        url, since=now - timedelta(hours=5), until=now - timedelta(hours=1)
    )
    assert [row.id for row in window] == [seeded_oplog.loose_op]
    assert len(queries.list_operations(url, limit=2)) == 2
    assert len(queries.list_operations(url, limit=None)) == 6
    assert queries.list_operations(url, hosts=["R99"]) == []


def test_run_filter_by_prefix_full_id_and_dashed_id(seeded_oplog) -> None:
    run = seeded_oplog.backup_run
    for ref in (run.hex[:4], run.hex[:9].upper(), str(run), run.hex, run.hex[:8] + "..."):
        rows = queries.list_operations(seeded_oplog.url, run=ref)
        assert sorted(hosts(rows)) == ["R15", "R16", "R17"], ref


def _runs_sharing_a_prefix(url: str) -> tuple[uuid.UUID, uuid.UUID]:
    first = uuid.UUID("abcd0000-0000-4000-8000-000000000001")
    second = uuid.UUID("abcd1111-0000-4000-8000-000000000002")
    store_records(url, [RunRecord(first, "backup"), RunRecord(second, "facts")])
    return first, second


def test_prefix_errors_are_usage_errors(oplog_url: str) -> None:
    first, _ = _runs_sharing_a_prefix(oplog_url)
    with pytest.raises(UsageError, match=r"ambiguous.*give more digits"):
        queries.list_operations(oplog_url, run="abcd")
    assert queries.list_operations(oplog_url, run="abcd0") == []
    found = queries.show(oplog_url, "abcd-0")
    assert isinstance(found, RunDetail) and found.run.id == first
    with pytest.raises(UsageError, match="too short"):
        queries.list_operations(oplog_url, run="ab")
    with pytest.raises(UsageError, match="not a run id"):
        queries.list_operations(oplog_url, run="zzzz")
    with pytest.raises(UsageError, match="no run matches"):
        queries.list_operations(oplog_url, run="ffff")
    with pytest.raises(UsageError, match="no run or operation matches"):
        queries.show(oplog_url, "ffff")


def test_show_run_lists_its_operations_by_host(seeded_oplog) -> None:
    found = queries.show(seeded_oplog.url, seeded_oplog.backup_run.hex[:8])
    assert isinstance(found, RunDetail)
    run = found.run
    assert (run.id, run.runbook, run.username, run.status) == (
        seeded_oplog.backup_run,
        "backup",
        "alice",
        "failed",
    )
    assert run.arguments == {"hosts": ["R15", "R16", "R17"]}
    assert (run.hosts_total, run.hosts_ok, run.hosts_failed, run.hosts_changed) == (3, 2, 1, 1)
    assert run.finished_at is not None and run.finished_at - run.started_at == timedelta(seconds=3)
    assert hosts(found.operations) == ["R15", "R16", "R17"]
    assert found.operations[0].diff == "+ntp server 192.0.2.10"


def test_show_operation_has_command_result_and_diff(seeded_oplog) -> None:
    op_id = seeded_oplog.backup_ops["R15"]
    found = queries.show(seeded_oplog.url, str(op_id)[:13])
    assert isinstance(found, OperationRow)
    assert found.id == op_id and found.changed is True
    assert found.result == {"result": {"lines": 84}, "subtasks": []}
    assert found.command == '{"path": "backups"}'
    assert found.execution_time_ms == 200
    assert found.finished_at == found.created_at + timedelta(seconds=1)


def test_show_refuses_a_prefix_shared_by_a_run_and_an_operation(oplog_url: str) -> None:
    run_id = uuid.UUID("beef0000-0000-4000-8000-000000000001")
    op_id = uuid.UUID("beef1111-0000-4000-8000-000000000002")
    store_records(
        oplog_url,
        [RunRecord(run_id, "backup"), OpRecord(op_id, "config_backup", "success", run_id=run_id)],
    )
    with pytest.raises(UsageError, match=r"run beef0000.*operation beef1111"):
        queries.show(oplog_url, "beef")
    assert isinstance(queries.show(oplog_url, "beef1"), OperationRow)


def test_stats_counts_rates_and_slowest_hosts(seeded_oplog) -> None:
    now = seeded_oplog.now
    result = db_stats.stats(seeded_oplog.url, days=7, now=now)
    assert (result.total, result.success, result.failed) == (6, 4, 1)
    assert result.success_rate == pytest.approx(0.8)
    facts_day = (now - timedelta(days=3)).date().isoformat()
    assert db_stats.DayCount(facts_day, "get_facts", 2, 2, 0) in result.per_day
    assert sum(count.total for count in result.per_day if count.operation_type == "config_backup")
    days = [count.day for count in result.per_day]
    assert days == sorted(days)
    slowest = [(host.host, host.operations, host.avg_ms, host.max_ms) for host in result.slowest]
    assert slowest == [("R17", 1, 10000.0, 10000), ("R16", 2, 400.0, 500), ("R15", 2, 150.0, 200)]
    assert [host.host for host in db_stats.stats(seeded_oplog.url, top=1, now=now).slowest] == [
        "R17"
    ]


def test_stats_window_starts_at_midnight_utc(seeded_oplog) -> None:
    now = seeded_oplog.now
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    # Seeded times: backup at now-10m (+0s, +1s, +2s), the loose check at now-2h.
    seeded = [now - timedelta(minutes=10, seconds=-s) for s in range(3)]
    seeded.append(now - timedelta(hours=2))
    today = db_stats.stats(seeded_oplog.url, days=1, now=now)
    assert today.total == sum(1 for when in seeded if when >= midnight)
    assert {count.day for count in today.per_day} <= {midnight.date().isoformat()}
    assert db_stats.stats(seeded_oplog.url, days=1, now=now + timedelta(days=30)).total == 0
    assert (
        db_stats.stats(seeded_oplog.url, days=1, now=now + timedelta(days=30)).success_rate is None
    )


def test_stats_rejects_zero_days(oplog_url: str) -> None:
    with pytest.raises(UsageError, match=r"^days must be at least 1, got 0$") as refused:
        db_stats.stats(oplog_url, days=0)
    assert refused.value.spelled(option_of) == "--days must be at least 1, got 0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("30m", NOW - timedelta(minutes=30)),
        ("1h", NOW - timedelta(hours=1)),
        (" 2D ", NOW - timedelta(days=2)),
        ("1w", NOW - timedelta(weeks=1)),
        ("45s", NOW - timedelta(seconds=45)),
        ("2026-11-24T08:00:00+02:00", datetime(2026, 11, 24, 6, 0, tzinfo=UTC)),
        ("2026-11-24T08:00:00Z", datetime(2026, 11, 24, 8, 0, tzinfo=UTC)),
    ],
)
def test_parse_when(value: str, expected: datetime) -> None:
    assert queries.parse_when(value, now=NOW) == expected


def test_parse_when_reads_a_naive_time_as_local() -> None:
    assert queries.parse_when("2026-11-24 08:00") == datetime(2026, 11, 24, 8, 0).astimezone(UTC)


@pytest.mark.parametrize("value", ["yesterday", "-1h", "1y", "", "2026-13-01"])
def test_parse_when_rejects_nonsense(value: str) -> None:
    with pytest.raises(UsageError, match=r"^until ") as refused:
        queries.parse_when(value, option="until")
    assert refused.value.spelled(option_of).startswith("--until ")


def test_unreachable_database_is_a_database_error_without_the_password() -> None:
    url = "postgresql+psycopg://netauto:s3cret@127.0.0.1:1/netauto"
    with pytest.raises(DatabaseError, match="cannot read the operations log") as caught:
        queries.list_operations(url)
    assert "s3cret" not in str(caught.value)


def test_cli_status_choices_match_the_models() -> None:
    from netauto.cli.commands import devices, ops

    assert ops.OPERATION_STATUSES == models.OPERATION_STATUSES
    assert devices.DEVICE_STATUSES == models.DEVICE_STATUSES
