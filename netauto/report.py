"""What a runbook returns: one outcome per host, follow-up steps, counts. Plain data.

A report is JSON-ready (``to_dict``) so the CLI's ``--json``, a web page or a worker can pass
it on unchanged. Statuses are ``ok`` and ``failed``, or a runbook's own words (``online``,
``warning``, ``offline``); :data:`FAILED_STATUSES` says which of them are failures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# A router not compliant fails a compliance run (exit 1), as an offline one fails check.
FAILED_STATUSES = frozenset({"failed", "offline", "non-compliant"})


@dataclass
class HostOutcome:
    """One host's result: status, whether it changed, a one-line detail, its diff and data."""

    host: str
    status: str
    changed: bool = False
    detail: str = ""
    diff: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status in FAILED_STATUSES

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FollowUp:
    """A step after the hosts ran (the git commit of a backup): also a row in the log."""

    name: str
    status: str  # "ok", "skipped" or "failed"
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass
class RunReport:
    """The typed result of one runbook run."""

    runbook: str
    run_id: str | None
    hosts: list[HostOutcome]
    dry_run: bool = True
    summary: str | None = None  # the runbook's own closing sentence, if it has one
    note: str = ""  # what follows it: the git commit, "Dry run: nothing was committed"
    followups: list[FollowUp] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    declined: bool = False  # a change whose confirmation was refused: nothing committed
    errors: list[str] = field(default_factory=list)  # the run itself failed (its log lost)
    interrupted: str | None = None  # the signal that stopped it (SIGINT, SIGTERM)

    @property
    def failed(self) -> bool:
        return (
            bool(self.errors)
            or self.interrupted is not None
            or any(outcome.failed for outcome in self.hosts)
            or any(step.failed for step in self.followups)  # the git commit of a backup
        )

    @property
    def counts(self) -> dict[str, int]:
        """``total``, ``ok`` (not failed), ``failed``, ``changed``, and one per other status.

        A runbook's own statuses (``online``, ``warning``, ``offline``) get a count each too.
        """
        failed = sum(outcome.failed for outcome in self.hosts)
        counts = {
            "total": len(self.hosts),
            "ok": len(self.hosts) - failed,
            "failed": failed,
            "changed": sum(outcome.changed for outcome in self.hosts),
        }
        for outcome in self.hosts:
            if outcome.status not in ("ok", "failed"):
                counts[outcome.status] = counts.get(outcome.status, 0) + 1
        return counts

    def host(self, name: str) -> HostOutcome:
        for outcome in self.hosts:
            if outcome.host == name:
                return outcome
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["counts"] = self.counts
        data["failed"] = self.failed
        return data
