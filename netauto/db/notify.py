"""Where events go: channels (email, webhook), rules, mutes and what each user has read (0014).

A rule sends events of one kind (or ``all``) at or above a severity to a channel, for
everyone, one user or one role; a user's mute silences a kind for the rules of that user and
for their bell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text, delete, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from netauto.clock import utcnow
from netauto.db.engine import get_engine
from netauto.db.models import Base, SampleId
from netauto.db.types import UTCDateTime


class NotifyChannel(Base):
    __tablename__ = "notify_channels"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # email, webhook
    target: Mapped[str] = mapped_column(Text)  # an address, or a URL
    format: Mapped[str] = mapped_column(String(20), default="generic")  # slack, teams, generic
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NotifyRule(Base):
    __tablename__ = "notify_rules"

    id: Mapped[int] = mapped_column(SampleId, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(100))
    event: Mapped[str] = mapped_column(String(50))  # a kind, or "all"
    min_severity: Mapped[str] = mapped_column(String(20), default="info")
    username: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(50))


class NotifyMute(Base):
    __tablename__ = "notify_mutes"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    event: Mapped[str] = mapped_column(String(50), primary_key=True)


class NotifySeen(Base):
    __tablename__ = "notify_seen"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_event_id: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class Channel:
    name: str
    kind: str
    target: str
    format: str

    @property
    def shown(self) -> str:
        """The target as lists and pages show it: a webhook's path and query are its secret
        (Slack and Teams put the token there), so only its scheme and host are shown."""
        if self.kind != "webhook":
            return self.target
        from urllib.parse import urlsplit

        parts = urlsplit(self.target)
        return f"{parts.scheme}://{parts.netloc}/..." if parts.path.strip("/") else self.target

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "target": self.shown, "format": self.format}


@dataclass(frozen=True)
class Rule:
    id: int
    channel: str
    event: str
    min_severity: str
    username: str | None
    role: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel,
            "event": self.event,
            "min_severity": self.min_severity,
            "username": self.username,
            "role": self.role,
        }


def add_channel(url: str, *, name: str, kind: str, target: str, format: str) -> Channel:
    with get_engine(url).begin() as connection:
        connection.execute(delete(NotifyChannel).where(NotifyChannel.name == name))
        connection.execute(
            insert(NotifyChannel).values(
                name=name, kind=kind, target=target, format=format, created_at=utcnow()
            )
        )
    return Channel(name, kind, target, format)


def remove_channel(url: str, name: str) -> bool:
    with get_engine(url).begin() as connection:
        connection.execute(delete(NotifyRule).where(NotifyRule.channel == name))
        gone = connection.execute(delete(NotifyChannel).where(NotifyChannel.name == name))
    return bool(gone.rowcount)


def channels(url: str) -> list[Channel]:
    with get_engine(url).connect() as connection:
        rows = connection.execute(select(NotifyChannel).order_by(NotifyChannel.name)).all()
        return [Channel(r.name, r.kind, r.target, r.format) for r in rows]


def add_rule(
    url: str,
    *,
    channel: str,
    event: str,
    min_severity: str,
    username: str | None = None,
    role: str | None = None,
) -> Rule:
    with get_engine(url).begin() as connection:
        rule_id = connection.execute(
            insert(NotifyRule)
            .values(
                channel=channel,
                event=event,
                min_severity=min_severity,
                username=username,
                role=role,
            )
            .returning(NotifyRule.id)
        ).scalar_one()
    return Rule(int(rule_id), channel, event, min_severity, username, role)


def remove_rule(url: str, rule_id: int) -> bool:
    with get_engine(url).begin() as connection:
        gone = connection.execute(delete(NotifyRule).where(NotifyRule.id == rule_id))
    return bool(gone.rowcount)


def rules(url: str) -> list[Rule]:
    with get_engine(url).connect() as connection:
        rows = connection.execute(select(NotifyRule).order_by(NotifyRule.id)).all()
        return [Rule(r.id, r.channel, r.event, r.min_severity, r.username, r.role) for r in rows]


def mutes(url: str) -> dict[str, set[str]]:
    """Each user's muted kinds."""
    found: dict[str, set[str]] = {}
    with get_engine(url).connect() as connection:
        for username, event in connection.execute(
            select(NotifyMute.username, NotifyMute.event)
        ).all():
            found.setdefault(username, set()).add(event)
    return found


def set_mute(url: str, *, username: str, event: str, muted: bool) -> None:
    with get_engine(url).begin() as connection:
        connection.execute(
            delete(NotifyMute).where(NotifyMute.username == username, NotifyMute.event == event)
        )
        if muted:
            connection.execute(insert(NotifyMute).values(username=username, event=event))


def last_seen(url: str, username: str) -> int:
    with get_engine(url).connect() as connection:
        seen = connection.execute(
            select(NotifySeen.last_event_id).where(NotifySeen.username == username)
        ).scalar()
    return int(seen or 0)


def mark_seen(url: str, *, username: str, event_id: int) -> None:
    with get_engine(url).begin() as connection:
        done = connection.execute(
            update(NotifySeen)
            .where(NotifySeen.username == username, NotifySeen.last_event_id < event_id)
            .values(last_event_id=event_id)
        )
        if (
            not done.rowcount
            and not connection.execute(
                select(NotifySeen.username).where(NotifySeen.username == username)
            ).scalar()
        ):
            connection.execute(insert(NotifySeen).values(username=username, last_event_id=event_id))


COMMIT_TYPES = ("config_commit", "config_deploy", "config_remediate", "config_rollback")


def netauto_changed(url: str, *, host: str, run_id: str | None) -> str | None:
    """The user of a netauto commit to ``host`` since its previous backup, if there was one.

    None: no netauto run explains a change a backup found (changed outside netauto).
    """
    import uuid

    from netauto.db.models import OperationLog, Run

    current = uuid.UUID(run_id) if run_id else None
    with get_engine(url).connect() as connection:
        previous = select(OperationLog.created_at).where(
            OperationLog.host == host,
            OperationLog.operation_type == "config_backup",
            OperationLog.status == "success",
        )
        if current is not None:
            previous = previous.where(OperationLog.run_id != current)
        since = connection.execute(
            previous.order_by(OperationLog.created_at.desc()).limit(1)
        ).scalar()
        query = (
            select(Run.username)
            .select_from(OperationLog)
            .join(Run, Run.id == OperationLog.run_id)
            .where(
                OperationLog.host == host,
                OperationLog.changed.is_(True),
                OperationLog.status == "success",
                OperationLog.operation_type.in_(COMMIT_TYPES),
            )
        )
        if since is not None:
            query = query.where(OperationLog.created_at >= since)
        user = connection.execute(query.order_by(OperationLog.created_at.desc()).limit(1)).first()
    return None if user is None else str(user[0] or "netauto")
