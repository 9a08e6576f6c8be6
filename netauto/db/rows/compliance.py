"""The compliance rows: a router's feature as a run judged it, and one day's judgements."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from netauto.db.rows.values import id_text, iso


@dataclass(frozen=True)
class ComplianceRow:
    """One router's feature as a compliance run judged it (``compliance_results``).

    ``status``: ``compliant``, ``non-compliant`` or ``error`` (the intent could not be
    rendered: ``error_message``). Lines are IOS-indented, secrets masked.
    """

    id: uuid.UUID
    run_id: uuid.UUID | None
    host: str
    feature: str
    status: str
    compliant: bool
    source: str | None
    missing: list[str]
    extra: list[str]
    order: list[str]
    remediation: list[str]
    error_message: str | None
    created_at: datetime
    intended: list[str] = field(default_factory=list)
    template: str | None = None
    template_version: str | None = None  # the template file's SHA-256, first 12 digits

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "run_id": id_text(self.run_id),
            "host": self.host,
            "feature": self.feature,
            "status": self.status,
            "compliant": self.compliant,
            "source": self.source,
            "missing": list(self.missing),
            "extra": list(self.extra),
            "order": list(self.order),
            "remediation": list(self.remediation),
            "intended": list(self.intended),
            "template": self.template,
            "template_version": self.template_version,
            "error_message": self.error_message,
            "created_at": iso(self.created_at),
        }


@dataclass(frozen=True)
class ComplianceDay:
    """One UTC day's judgements (every router and feature judged that day, each run)."""

    day: str  # YYYY-MM-DD
    compliant: int
    non_compliant: int
    errors: int

    @property
    def judged(self) -> int:
        return self.compliant + self.non_compliant + self.errors

    @property
    def percent(self) -> float | None:
        """Compliant judgements, in percent of all that day; None on a day without any."""
        return round(100 * self.compliant / self.judged, 1) if self.judged else None

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "compliant": self.compliant,
            "non_compliant": self.non_compliant,
            "errors": self.errors,
            "percent": self.percent,
        }
