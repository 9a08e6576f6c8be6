"""A run's Nornir result as one :class:`~netauto.report.HostOutcome` per host: what a runbook
hands its report."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from netauto.report import HostOutcome

if TYPE_CHECKING:
    from nornir.core.task import AggregatedResult, MultiResult


def error_of(multi: MultiResult) -> str:
    """One line saying why a host failed (secrets masked)."""
    from netauto.oplog.summary import first_error

    return first_error(multi) or "failed"


def outcomes(
    result: AggregatedResult,
    describe: Callable[[str, MultiResult], HostOutcome],
    *,
    failed_status: str = "failed",
) -> list[HostOutcome]:
    """One outcome per host: ``describe`` for hosts that ran, the error line for failures."""
    from netauto.secrets import mask

    found = []
    for host in sorted(result):
        multi = result[host]
        if multi.failed:
            found.append(
                HostOutcome(
                    host, failed_status, changed=bool(multi.changed), detail=error_of(multi)
                )
            )
        else:
            outcome = describe(host, multi)
            if not outcome.diff and multi[0].diff:
                outcome.diff = mask(str(multi[0].diff))
            found.append(outcome)
    return found
