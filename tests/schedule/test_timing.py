"""Timing: intervals, cron in a timezone, one fire after downtime; option parsing of runbooks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netauto.exceptions import UsageError
from netauto.schedule.runbooks import changes_routers, option_tokens, parse_options, runbooks
from netauto.schedule.timing import Timing, format_every, parse_every

NOW = datetime(2026, 3, 28, 23, 30, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "seconds"), [("10s", 10), ("15m", 900), ("2h", 7200), ("1d", 86400), ("1h30m", 5400)]
)
def test_every_durations(text: str, seconds: int) -> None:
    assert parse_every(text) == seconds
    assert parse_every(format_every(seconds)) == seconds


@pytest.mark.parametrize("text", ["", "0s", "10x", "m5", "-1s"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(UsageError, match=r"^every "):
        parse_every(text)


def test_an_interval_missed_many_times_fires_once_then_keeps_its_slots() -> None:
    timing = Timing.parse(None, "1h", None)
    slot = NOW - timedelta(hours=5, minutes=10)  # five slots missed while nothing ran
    following = timing.next_after(NOW, slot)
    assert NOW < following <= NOW + timedelta(hours=1)
    assert (following - slot) % timedelta(hours=1) == timedelta(0)  # anchored, no drift
    assert timing.next_after(NOW) == NOW + timedelta(hours=1)


def test_cron_in_a_timezone_across_the_dst_change() -> None:
    # 02:00 does not exist in Paris on 2026-03-29: Debian cron runs it at 03:00 CEST.
    timing = Timing.parse("0 2 * * *", None, "Europe/Paris")
    first = timing.next_after(NOW)
    assert first == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert timing.next_after(first) == datetime(2026, 3, 30, 0, 0, tzinfo=UTC)
    missed = timing.next_after(NOW + timedelta(days=3))  # after downtime: the next one only
    assert missed == datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cron", "every", "zone", "message"),
    [
        ("61 * * * *", None, None, "Bad minute"),
        ("0 0 30 2 *", None, None, "^cron '0 0 30 2 \\*'"),
        ("* * * * *", None, "Mars/Olympus", "unknown timezone"),
        (None, "1h", "Europe/Paris", "^timezone applies to cron only"),
        (None, None, None, "^give one of cron or every"),
        ("* * * * *", "1h", None, "^give one of cron or every"),
    ],
)
def test_bad_timings(cron: str | None, every: str | None, zone: str | None, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        Timing.parse(cron, every, zone)


def test_runbooks_and_their_options_come_from_the_library() -> None:
    import netauto.runbooks

    assert set(runbooks()) == {
        name for name in netauto.runbooks.__all__ if name.islower() and name[0].isalpha()
    }
    options = parse_options(
        "deploy", ["--template", "ios/ntp.j2", "--commit", "--revert-in=300", "--no-post-checks"]
    )
    assert options == {
        "template": "ios/ntp.j2",
        "commit": True,
        "revert_in": 300,
        "post_checks": False,
    }
    assert changes_routers("deploy", options) and not changes_routers("deploy", {})
    assert parse_options("deploy", option_tokens("deploy", options)) == options
    assert parse_options("facts", ["--getters", "facts,environment"]) == {
        "getters": ["facts", "environment"]
    }
    # The confirm callback and the run options are the scheduler's, never a schedule's.
    with pytest.raises(UsageError, match="runbook deploy has no option --confirm"):
        parse_options("deploy", ["--confirm", "x"])
    with pytest.raises(UsageError, match="--revert-in expects a whole number"):
        parse_options("deploy", ["--revert-in", "soon"])
