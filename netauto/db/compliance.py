"""Compliance results: one row per router and feature, with the run that judged it.

``compliance`` (and every commit's re-judgement) stores what it found; the latest row of each
router and feature is the fleet's compliance now, older rows its history (the trend).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Index,
    String,
    Text,
    Uuid,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from netauto.db.engine import error_text, session_scope
from netauto.db.models import Base
from netauto.db.rows import ComplianceDay, ComplianceRow
from netauto.db.types import PortableJSON, UTCDateTime, utcnow
from netauto.exceptions import DatabaseError

_LINES = ("missing", "extra", "order", "remediation", "intended")


class ComplianceResult(Base):
    __tablename__ = "compliance_results"
    __table_args__ = (
        Index("idx_compliance_host_feature", "host", "feature", text("created_at DESC")),
        Index("idx_compliance_run", "run_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    run_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    host: Mapped[str] = mapped_column(String(100))
    feature: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))  # compliant, non-compliant, error
    compliant: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(20))  # backup, fresh
    # missing, extra, order, remediation, intended (lines, secrets masked), template and
    # template_version (the intent this run rendered, and from which template file).
    detail: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    error_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _row(row: ComplianceResult) -> ComplianceRow:
    detail = row.detail or {}
    return ComplianceRow(
        id=row.id,
        run_id=row.run_id,
        host=row.host,
        feature=row.feature,
        status=row.status,
        compliant=row.compliant,
        source=row.source,
        missing=list(detail.get("missing") or []),
        extra=list(detail.get("extra") or []),
        order=list(detail.get("order") or []),
        remediation=list(detail.get("remediation") or []),
        intended=list(detail.get("intended") or []),
        template=detail.get("template"),
        template_version=detail.get("template_version"),
        error_message=row.error_message,
        created_at=row.created_at,
    )


def save_results(
    url: str, run_id: str | uuid.UUID | None, results: Sequence[dict[str, Any]]
) -> int:
    """Store results (``host``, ``feature``, ``status``, ``compliant``, ``source``, lines...)."""
    from netauto.db.migrate import ensure_schema

    if not results:
        return 0
    ensure_schema(url)
    run = uuid.UUID(str(run_id)) if run_id is not None else None
    now = utcnow()
    rows = [
        ComplianceResult(
            id=uuid.uuid4(),
            run_id=run,
            host=item["host"],
            feature=item["feature"],
            status=item["status"],
            compliant=bool(item["compliant"]),
            source=item.get("source"),
            detail={
                **{key: item.get(key) or [] for key in _LINES},
                "template": item.get("template"),
                "template_version": item.get("template_version"),
            },
            error_message=item.get("error"),
            created_at=now,
        )
        for item in results
    ]
    try:
        with session_scope(url) as session:
            session.add_all(rows)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot store compliance results: {error_text(exc)}") from None
    return len(rows)


def latest_results(
    url: str, *, hosts: Sequence[str] = (), features: Sequence[str] = ()
) -> list[ComplianceRow]:
    """The newest result of each router and feature, by host then feature."""
    from netauto.db.migrate import ensure_schema

    ensure_schema(url)
    newest = (
        select(
            ComplianceResult.host,
            ComplianceResult.feature,
            func.max(ComplianceResult.created_at).label("at"),
        )
        .group_by(ComplianceResult.host, ComplianceResult.feature)
        .subquery()
    )
    query = select(ComplianceResult).join(
        newest,
        (ComplianceResult.host == newest.c.host)
        & (ComplianceResult.feature == newest.c.feature)
        & (ComplianceResult.created_at == newest.c.at),
    )
    if hosts:
        query = query.where(ComplianceResult.host.in_(list(hosts)))
    if features:
        query = query.where(ComplianceResult.feature.in_(list(features)))
    query = query.order_by(ComplianceResult.host, ComplianceResult.feature)
    try:
        with session_scope(url) as session:
            return [_row(row) for row in session.scalars(query)]
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read compliance results: {error_text(exc)}") from None


def run_results(url: str, run_id: str | uuid.UUID) -> list[ComplianceRow]:
    """The results one run stored."""
    from netauto.db.migrate import ensure_schema

    ensure_schema(url)
    query = (
        select(ComplianceResult)
        .where(ComplianceResult.run_id == uuid.UUID(str(run_id)))
        .order_by(ComplianceResult.host, ComplianceResult.feature)
    )
    try:
        with session_scope(url) as session:
            return [_row(row) for row in session.scalars(query)]
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read compliance results: {error_text(exc)}") from None


def _utc_day(session: Session) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        # A literal, not a bound parameter: GROUP BY must repeat the exact SELECT expression.
        return func.date(func.timezone(literal_column("'UTC'"), ComplianceResult.created_at))
    return func.date(ComplianceResult.created_at)  # SQLite stores UTC text


def trend(url: str, *, days: int = 7, now: datetime | None = None) -> list[ComplianceDay]:
    """Per UTC day of the last ``days``, the judgements made: compliant, not, errors."""
    from netauto.db.migrate import ensure_schema

    ensure_schema(url)
    today = (now or utcnow()).astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    since = today - timedelta(days=days - 1)
    try:
        with session_scope(url) as session:
            day = _utc_day(session)
            found = session.execute(
                select(day, ComplianceResult.status, func.count())
                .where(ComplianceResult.created_at >= since)
                .group_by(day, ComplianceResult.status)
            ).all()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read compliance results: {error_text(exc)}") from None
    counts: dict[str, dict[str, int]] = {}
    for when, status, count in found:
        counts.setdefault(str(when), {})[str(status)] = int(count)
    out = []
    for offset in range(days):
        name = (since + timedelta(days=offset)).date().isoformat()
        each = counts.get(name, {})
        out.append(
            ComplianceDay(
                name, each.get("compliant", 0), each.get("non-compliant", 0), each.get("error", 0)
            )
        )
    return out
