"""A change plan: what the change flow previewed, host by host, and will commit exactly.

:mod:`netauto.engine.change` makes it from the dry run, a confirm callback sees it, the task
``commit_config`` commits each host's :class:`PlannedChange` only if the router still gives
its diff, and the Celery executor sends a shard's part of it to a worker. Plain data, below
the tasks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netauto.report import HostOutcome
from netauto.text import plural


@dataclass(frozen=True)
class PlannedChange:
    """What will be committed on one host: the exact candidate previewed and its diff."""

    host: str
    candidate: str
    diff: str
    replace: bool = False


@dataclass
class ChangePlan:
    """The preview a confirm callback sees: every host's plan outcome and the changes."""

    runbook: str
    run_id: str | None
    outcomes: list[HostOutcome]
    changes: dict[str, PlannedChange] = field(default_factory=dict)

    @property
    def hosts(self) -> list[str]:
        """The hosts that would change, sorted."""
        return sorted(self.changes)

    def __str__(self) -> str:
        # Task arguments are logged as text: a short name, never every host's candidate.
        return f"<{self.runbook} plan: {plural(len(self.changes), 'host')} would change>"
