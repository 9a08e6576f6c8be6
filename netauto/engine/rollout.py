"""Rollout strategies of a change: canary first, then batches, stop at a failure threshold.

The commit phase of the change flow (:mod:`netauto.engine.change`) runs in waves:

- ``canary`` N: the first wave is N routers (in name order). Each commits and runs its
  post-checks; if any of them fails (and is rolled back), the rollout stops there.
- ``batch`` N or P%: the routers after the canary go in waves of N (or P% of the routers
  that would change, rounded up); without it they go in one wave.
- ``max_fail`` P%: after each wave, when more than P% of the routers that would change have
  failed, the rollout stops (``0%``: the first failure stops it).

A stopped rollout leaves the remaining routers untouched: they are never connected to for the
commit, and their report outcome says so (status ``skipped``, ``data["status"]`` ``not
committed``). Without any strategy the commit is one wave, as before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from netauto.exceptions import UsageError
from netauto.text import plural


def _percent(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{{{name}}} expects N or P%, got {text!r}", params=(name,)) from None
    if not 0 <= value <= 100 or not math.isfinite(value):
        raise UsageError(f"{{{name}}} must be 0-100%, got {text!r}", params=(name,))
    return value


@dataclass(frozen=True)
class Rollout:
    """How the commit phase is cut into waves and when it stops."""

    canary: int = 0
    batch: int | None = None  # routers per wave after the canary
    batch_percent: float | None = None  # ... or a share of the routers that would change
    max_fail: float | None = None  # percent of the routers that would change

    @classmethod
    def of(
        cls,
        canary: int | None = None,
        batch: str | int | None = None,
        max_fail: str | float | None = None,
    ) -> Rollout | None:
        """From the runbook options (``batch="5"`` or ``"20%"``, ``max_fail="10%"``)."""
        if canary is None and batch is None and max_fail is None:
            return None
        if canary is not None and (isinstance(canary, bool) or int(canary) < 1):
            raise UsageError(
                f"{{canary}} must be 1 or more routers, got {canary!r}", params=("canary",)
            )
        size, share = None, None
        if batch is not None:
            text = str(batch).strip()
            if text.endswith("%"):
                share = _percent(text[:-1], "batch")
                if share <= 0:
                    raise UsageError(
                        f"{{batch}} must be more than 0%, got {text!r}", params=("batch",)
                    )
            else:
                try:
                    size = int(text)
                except ValueError:
                    raise UsageError(
                        f"{{batch}} expects N or P%, got {text!r}", params=("batch",)
                    ) from None
                if size < 1:
                    raise UsageError(
                        f"{{batch}} must be 1 or more routers, got {text!r}", params=("batch",)
                    )
        limit = None
        if max_fail is not None:
            limit = _percent(str(max_fail).strip().removesuffix("%"), "max_fail")
        return cls(int(canary or 0), size, share, limit)

    @classmethod
    def for_change(
        cls,
        commit: bool,
        canary: int | None = None,
        batch: str | int | None = None,
        max_fail: str | float | None = None,
        *,
        revert_in: int | None = None,
    ) -> Rollout | None:
        """The rollout of a change runbook's options; they need ``commit``, as does
        ``revert_in`` (the revert timer of the runbooks that have one, checked first)."""
        if revert_in is not None and not commit:
            raise UsageError("{revert_in} needs {commit}", params=("revert_in", "commit"))
        rollout = cls.of(canary, batch, max_fail)
        if rollout is not None and not commit:
            raise UsageError(
                "{canary}, {batch} and {max_fail} need {commit}",
                params=("canary", "batch", "max_fail", "commit"),
            )
        return rollout

    def waves(self, hosts: Sequence[str]) -> list[list[str]]:
        """The routers of each wave, in order."""
        names = list(hosts)
        waves: list[list[str]] = []
        if self.canary:
            waves.append(names[: self.canary])
            names = names[self.canary :]
        size = self.batch
        if self.batch_percent is not None:
            size = max(1, math.ceil(len(hosts) * self.batch_percent / 100))
        if size is None:
            size = len(names)
        waves += [names[i : i + size] for i in range(0, len(names), max(1, size))]
        return [wave for wave in waves if wave]

    def stop_reason(
        self, wave: int, wave_failed: Sequence[str], failed: int, total: int
    ) -> str | None:
        """Why the rollout stops after ``wave`` (1-based), or None to go on."""
        if wave == 1 and self.canary and wave_failed:
            return f"canary failed ({', '.join(wave_failed)})"
        if self.max_fail is not None and total and failed * 100 / total > self.max_fail:
            return (
                f"{failed} of {plural(total, 'router')} failed ({failed * 100 / total:.0f}%), "
                f"over max_fail {self.max_fail:g}%"
            )
        return None

    def describe(self) -> str:
        parts = [f"canary {self.canary}"] if self.canary else []
        if self.batch is not None:
            parts.append(f"batch {self.batch}")
        if self.batch_percent is not None:
            parts.append(f"batch {self.batch_percent:g}%")
        if self.max_fail is not None:
            parts.append(f"max-fail {self.max_fail:g}%")
        return ", ".join(parts)


@dataclass
class RolloutReport:
    """What the rollout did: its waves, and why it stopped if it did."""

    strategy: str
    waves: list[list[str]] = field(default_factory=list)  # the waves that ran
    changed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # rolled back (or failing to)
    untouched: list[str] = field(default_factory=list)
    stopped: str | None = None

    @property
    def detail(self) -> str:
        text = f"rollout ({self.strategy}): {plural(len(self.waves), 'wave')}"
        if self.stopped:
            text += (
                f", stopped: {self.stopped}; {plural(len(self.untouched), 'router')} not touched"
            )
        return text + "."
