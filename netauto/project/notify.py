"""``project.notify``: channels, rules, mutes, the event history and a user's bell."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from netauto.exceptions import UsageError

if TYPE_CHECKING:
    from netauto.db.events import EventRow
    from netauto.db.notify import Channel, Rule
    from netauto.notify.deliver import Drained
    from netauto.project.core import Project

FORMATS = ("slack", "teams", "generic")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+")


def _http_url(text: str) -> bool:
    """An http(s) URL with a host: what a webhook can be POSTed to."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # "http://[::1" and the like
        return False


class Notifications:
    def __init__(self, project: Project) -> None:
        self.project = project

    def add_channel(
        self,
        name: str,
        *,
        email: str | None = None,
        webhook: str | None = None,
        format: str = "generic",
    ) -> Channel:
        """An email address or a webhook URL, by name (a second add replaces it)."""
        from netauto.db.notify import add_channel

        if not _NAME.fullmatch(name):
            raise UsageError(f"channel name must be letters, digits, _ . - (got {name!r})")
        if (email is None) == (webhook is None):
            raise UsageError("give one of {email} or {webhook}", params=("email", "webhook"))
        if format not in FORMATS:
            raise UsageError(f"{{format}} must be one of {', '.join(FORMATS)}", params=("format",))
        if email is not None:
            if not _ADDRESS.fullmatch(email):
                raise UsageError(f"{{email}}: not an email address: {email!r}", params=("email",))
            return add_channel(self.project.url, name=name, kind="email", target=email,
                               format="email")  # fmt: skip
        assert webhook is not None
        if not _http_url(webhook):
            raise UsageError(f"{{webhook}} must be an http(s) URL, got {webhook!r}",
                             params=("webhook",))  # fmt: skip
        return add_channel(self.project.url, name=name, kind="webhook", target=webhook,
                           format=format)  # fmt: skip

    def remove_channel(self, name: str) -> None:
        from netauto.db.notify import remove_channel

        if not remove_channel(self.project.url, name):
            raise UsageError(f"no channel named {name}")

    def channels(self) -> list[Channel]:
        from netauto.db.notify import channels

        return channels(self.project.url)

    def add_rule(
        self,
        *,
        channel: str,
        event: str = "all",
        min_severity: str = "info",
        username: str | None = None,
        role: str | None = None,
    ) -> Rule:
        from netauto.db.notify import add_rule
        from netauto.notify.kinds import check_kind, check_severity

        if channel not in {c.name for c in self.channels()}:
            raise UsageError(f"{{channel}}: no channel named {channel}", params=("channel",))
        return add_rule(
            self.project.url,
            channel=channel,
            event=check_kind(event),
            min_severity=check_severity(min_severity),
            username=username,
            role=role,
        )

    def remove_rule(self, rule_id: int) -> None:
        from netauto.db.notify import remove_rule

        if not remove_rule(self.project.url, rule_id):
            raise UsageError(f"no rule {rule_id}")

    def rules(self) -> list[Rule]:
        from netauto.db.notify import rules

        return rules(self.project.url)

    def mute(self, event: str, *, muted: bool = True) -> None:
        """The operator's own mute of a kind (``all``: everything) for their rules and bell."""
        from netauto.db.notify import set_mute
        from netauto.notify.kinds import check_kind

        set_mute(self.project.url, username=self.project.operator, event=check_kind(event),
                 muted=muted)  # fmt: skip

    def test(self, channel: str) -> Drained:
        """Send a test event to ``channel`` now (and whatever else is due)."""
        from netauto.db.engine import get_engine
        from netauto.db.events import add_event

        if channel not in {c.name for c in self.channels()}:
            raise UsageError(f"no channel named {channel}")
        with get_engine(self.project.url).begin() as connection:
            add_event(connection, kind="test", severity="info", router=None, run_id=None,
                      text=f"test notification from netauto ({self.project.operator})",
                      data={}, channels=[channel])  # fmt: skip
        return self.drain()

    def drain(self) -> Drained:
        from netauto.notify.deliver import drain

        return drain(self.project.url, self.project.settings)

    def events(
        self, *, limit: int = 50, after: int = 0, router: str | None = None
    ) -> list[EventRow]:
        from netauto.db.events import recent_events

        return recent_events(self.project.url, limit=limit, after=after, router=router)

    def bell(self, *, limit: int = 20) -> dict[str, Any]:
        """The operator's bell: recent events not muted, and how many are unread."""
        from netauto.db.notify import last_seen, mutes

        silenced = mutes(self.project.url).get(self.project.operator, set())
        seen = last_seen(self.project.url, self.project.operator)
        shown = [
            e for e in self.events(limit=limit * 2)
            if e.kind not in silenced and "all" not in silenced
        ][:limit]  # fmt: skip
        return {
            "unread": sum(1 for e in shown if e.id > seen),
            "last_seen": seen,
            "events": [e.to_json() for e in shown],
        }

    def mark_read(self, event_id: int) -> None:
        from netauto.db.notify import mark_seen

        mark_seen(self.project.url, username=self.project.operator, event_id=event_id)

    def outbox(self) -> dict[str, int]:
        from netauto.db.events import outbox_counts

        return outbox_counts(self.project.url)
