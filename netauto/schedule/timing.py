"""When a schedule fires: a cron expression in a timezone, or a fixed interval.

Cron expressions are evaluated by cronsim (Debian cron semantics, DST included; an optional
sixth field gives seconds first: ``*/15 * * * * *``). Intervals are anchored on their slots
(``next = slot + k * every``), so they do not drift with the time a fire takes. Either way
:meth:`Timing.next_after` returns the first slot strictly after ``now``: after downtime a
schedule whose slots were missed fires once, not once per missed slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from netauto.exceptions import UsageError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+)\s*([smhdw])")


def parse_every(text: str) -> int:
    """Seconds of ``10s``, ``15m``, ``2h``, ``1d``, ``1h30m`` or a plain number of seconds."""
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned.isdigit():
        seconds = int(cleaned)
    elif cleaned and _PART.sub("", cleaned) == "":
        seconds = sum(int(n) * _UNITS[unit] for n, unit in _PART.findall(cleaned))
    else:
        raise UsageError(
            f"{{every}} {text!r}: expected a duration like 30s, 15m, 2h, 1d or 1h30m",
            params=("every",),
        )
    if seconds < 1:
        raise UsageError(
            f"{{every}} {text!r}: the interval must be at least 1 second", params=("every",)
        )
    return seconds


def format_every(seconds: int) -> str:
    """``1h30m`` for 5400: the largest units first."""
    parts = []
    for unit, size in sorted(_UNITS.items(), key=lambda item: -item[1]):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"


def zone(name: str | None) -> tzinfo:
    """The timezone called ``name`` (IANA, e.g. ``Europe/Paris``); UTC for None."""
    if not name or name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"{{timezone}} {name!r}: unknown timezone (e.g. Europe/Paris)", params=("timezone",)
        ) from None


@dataclass(frozen=True)
class Timing:
    """A cron expression (with its timezone) or an interval in seconds, never both."""

    cron: str | None = None
    every: int | None = None
    timezone: str | None = None

    @classmethod
    def parse(cls, cron: str | None, every: str | None, timezone: str | None) -> Timing:
        """Checked timing from the command line's ``--cron``, ``--every``, ``--timezone``."""
        if (cron is None) == (every is None):
            raise UsageError("give one of {cron} or {every}", params=("cron", "every"))
        if every is not None:
            if timezone:
                raise UsageError("{timezone} applies to {cron} only", params=("timezone", "cron"))
            return cls(every=parse_every(every))
        timing = cls(cron=" ".join(str(cron).split()), timezone=timezone or None)
        timing.next_after(datetime.now(UTC))  # a bad expression fails here, not at fire time
        return timing

    def next_after(self, now: datetime, slot: datetime | None = None) -> datetime:
        """The first slot strictly after ``now`` (UTC); ``slot`` anchors an interval."""
        if self.every is not None:
            step = timedelta(seconds=self.every)
            if slot is None or slot > now:
                return now + step if slot is None else slot
            missed = (now - slot) // step
            return slot + (missed + 1) * step
        return self._next_cron(now)

    def _next_cron(self, now: datetime) -> datetime:
        from cronsim import CronSim, CronSimError

        expression = str(self.cron)
        try:
            found = next(CronSim(expression, now.astimezone(zone(self.timezone))))
        except CronSimError as exc:
            raise UsageError(f"{{cron}} {expression!r}: {exc}", params=("cron",)) from None
        except StopIteration:
            raise UsageError(f"{{cron}} {expression!r} never fires", params=("cron",)) from None
        return found.astimezone(UTC)

    def describe(self) -> str:
        if self.every is not None:
            return f"every {format_every(self.every)}"
        return f"cron {self.cron}" + (f" ({self.timezone})" if self.timezone else " (UTC)")
