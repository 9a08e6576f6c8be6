"""``project.compliance``: the fleet's latest compliance, router by feature, and one cell."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netauto.exceptions import UsageError

if TYPE_CHECKING:
    from netauto.db.rows import ComplianceDay, ComplianceRow
    from netauto.project.core import Project


@dataclass(frozen=True)
class Matrix:
    """Routers by features: each router's newest result per feature (None: never judged)."""

    hosts: list[str]
    features: list[str]
    cells: dict[tuple[str, str], ComplianceRow] = field(default_factory=dict)

    def cell(self, host: str, feature: str) -> ComplianceRow | None:
        return self.cells.get((host, feature))

    @property
    def counts(self) -> dict[str, int]:
        statuses = [row.status for row in self.cells.values()]
        return {name: statuses.count(name) for name in ("compliant", "non-compliant", "error")}

    def to_json(self) -> dict[str, Any]:
        return {
            "hosts": self.hosts,
            "features": self.features,
            "counts": self.counts,
            "results": [row.to_json() for row in self.cells.values()],
        }


class Compliance:
    def __init__(self, project: Project) -> None:
        self.project = project

    def latest(
        self, *, hosts: Sequence[str] = (), features: Sequence[str] = ()
    ) -> list[ComplianceRow]:
        """The newest result of each router and feature (``compliance_results``)."""
        from netauto.db.compliance import latest_results

        return latest_results(self.project.url, hosts=hosts, features=features)

    def matrix(self) -> Matrix:
        """Every judged router by every feature, features in the rules' order when known."""
        rows = self.latest()
        order = self._rule_order()
        found = {row.feature for row in rows}
        features = [name for name in order if name in found]
        features += sorted(found - set(features))
        hosts = sorted({row.host for row in rows})
        return Matrix(hosts, features, {(row.host, row.feature): row for row in rows})

    def cell(self, host: str, feature: str) -> ComplianceRow:
        """One router's feature; UsageError when it was never judged."""
        found = self.latest(hosts=[host], features=[feature])
        if not found:
            raise UsageError(f"no compliance result for {host} {feature} (netauto compliance)")
        return found[0]

    def trend(self, *, days: int = 7) -> list[ComplianceDay]:
        """Per UTC day of the last ``days``: judgements compliant, not, and errors."""
        from netauto.db.compliance import trend

        return trend(self.project.url, days=days)

    def _rule_order(self) -> list[str]:
        from netauto.compliance import load_rules

        try:
            return [feature.name for feature in load_rules(self.project.folder)]
        except UsageError:
            return []
