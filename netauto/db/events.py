"""The event stream (``events``), its deduplication states and the delivery outbox (0014).

An event is one row: kind, severity, router, run, a short text and its data (a masked diff,
who changed a config). ``alert_states`` keeps the last state of each watched thing (a router's
status, a schedule's last fire) so a state is told once, when it changes, with its recovery.
``notify_outbox`` holds one row per event and channel until it is delivered: written in the
same transaction as the event, so a delivery that fails loses nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Index, Integer, String, Text, Uuid, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from netauto.clock import utcnow
from netauto.db.engine import get_engine
from netauto.db.models import Base, SampleId
from netauto.db.types import PortableJSON, UTCDateTime


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("idx_events_created", "created_at"),
        Index("idx_events_router", "router", "created_at"),
    )

    id: Mapped[int] = mapped_column(SampleId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(50))
    severity: Mapped[str] = mapped_column(String(20))
    router: Mapped[str | None] = mapped_column(String(100))
    run_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AlertState(Base):
    __tablename__ = "alert_states"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[str] = mapped_column(String(50))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxItem(Base):
    __tablename__ = "notify_outbox"
    __table_args__ = (Index("idx_outbox_due", "status", "next_try_at"),)

    id: Mapped[int] = mapped_column(SampleId, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(SampleId)
    channel: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class EventRow:
    id: int
    kind: str
    severity: str
    router: str | None
    run_id: str | None
    text: str
    data: dict[str, Any]
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "severity": self.severity,
            "router": self.router,
            "run_id": self.run_id,
            "text": self.text,
            "data": self.data,
            "created_at": self.created_at.isoformat(),
        }


def _row(event: Any) -> EventRow:
    return EventRow(
        event.id,
        event.kind,
        event.severity,
        event.router,
        str(event.run_id) if event.run_id else None,
        event.text,
        dict(event.data or {}),
        event.created_at,
    )


def swap_state(connection: Connection, key: str, state: str) -> str | None:
    """Set ``key``'s state; the state it had (None: never seen)."""
    before = connection.execute(
        select(AlertState.state).where(AlertState.key == key).with_for_update()
    ).scalar()
    if before is None:
        connection.execute(insert(AlertState).values(key=key, state=state, changed_at=utcnow()))
    elif before != state:
        connection.execute(
            update(AlertState).where(AlertState.key == key).values(state=state, changed_at=utcnow())
        )
    return before


def swap_states(url: str, states: dict[str, str]) -> dict[str, str | None]:
    """Set many keys' states in one transaction; the state each had before (None: new).

    Only the keys whose state changes are written: a poll of 1,000 routers that changed
    nothing is one read.
    """
    before: dict[str, str | None] = dict.fromkeys(states)
    with get_engine(url).begin() as connection:
        keys = list(states)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = connection.execute(
                select(AlertState.key, AlertState.state).where(AlertState.key.in_(chunk))
            ).all()
            before.update({key: state for key, state in rows})
        now = utcnow()
        new = [{"key": k, "state": v, "changed_at": now} for k, v in states.items()
               if before[k] is None]  # fmt: skip
        if new:
            connection.execute(insert(AlertState), new)
        for key, state in states.items():
            if before[key] is not None and before[key] != state:
                connection.execute(
                    update(AlertState)
                    .where(AlertState.key == key)
                    .values(state=state, changed_at=now)
                )
    return before


def add_event(
    connection: Connection,
    *,
    kind: str,
    severity: str,
    router: str | None,
    run_id: str | None,
    text: str,
    data: dict[str, Any],
    channels: list[str],
) -> int:
    """Store one event and its outbox rows (one per channel) in the caller's transaction."""
    now = utcnow()
    event_id = connection.execute(
        insert(Event)
        .values(
            kind=kind,
            severity=severity,
            router=router,
            run_id=uuid.UUID(run_id) if run_id else None,
            text=text,
            data=data,
            created_at=now,
        )
        .returning(Event.id)
    ).scalar_one()
    for channel in channels:
        connection.execute(
            insert(OutboxItem).values(
                event_id=event_id, channel=channel, status="pending", attempts=0, next_try_at=now
            )
        )
    return int(event_id)


def recent_events(
    url: str, *, limit: int = 50, after: int = 0, router: str | None = None
) -> list[EventRow]:
    query = select(Event).where(Event.id > after).order_by(Event.id.desc()).limit(limit)
    if router:
        query = query.where(Event.router == router)
    with get_engine(url).connect() as connection:
        return [_row(e) for e in connection.execute(query).all()]


def due_items(
    url: str, *, limit: int = 50, now: datetime | None = None
) -> list[tuple[int, str, int, EventRow]]:
    """Outbox rows due (by ``now``, default now): (outbox id, channel, attempts, event)."""
    query = (
        select(
            OutboxItem.id.label("item_id"),
            OutboxItem.channel,
            OutboxItem.attempts,
            *Event.__table__.columns,
        )
        .join(Event, Event.id == OutboxItem.event_id)
        .where(OutboxItem.status == "pending", OutboxItem.next_try_at <= (now or utcnow()))
        .order_by(OutboxItem.id)
        .limit(limit)
    )
    with get_engine(url).connect() as connection:
        return [
            (row.item_id, row.channel, row.attempts, _row(row))
            for row in connection.execute(query).all()
        ]


def mark_sent(url: str, item_id: int) -> None:
    with get_engine(url).begin() as connection:
        connection.execute(
            update(OutboxItem)
            .where(OutboxItem.id == item_id)
            .values(status="sent", sent_at=utcnow(), attempts=OutboxItem.attempts + 1)
        )


def mark_retry(url: str, item_id: int, *, error: str, delay: float) -> None:
    """A failed delivery: its error recorded, tried again after ``delay`` seconds."""
    with get_engine(url).begin() as connection:
        connection.execute(
            update(OutboxItem)
            .where(OutboxItem.id == item_id)
            .values(
                attempts=OutboxItem.attempts + 1,
                last_error=error[:500],
                next_try_at=utcnow() + timedelta(seconds=delay),
            )
        )


def outbox_counts(url: str) -> dict[str, int]:
    from sqlalchemy import func

    with get_engine(url).connect() as connection:
        rows = connection.execute(
            select(OutboxItem.status, func.count()).group_by(OutboxItem.status)
        ).all()
    return {status: int(count) for status, count in rows}
