"""Make an event: store it with its deliveries in one transaction (the one emitter).

Who gets it is decided here, from the rules (``netauto notify rule``) and each user's mutes;
what is stored is masked (a diff in an event is masked like a stored config). Deduplication
is by state: :func:`transition` tells whether a watched thing (a router's status) changed,
so a router down is told once, and its recovery once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from netauto.exceptions import NetautoError
from netauto.notify.kinds import rank
from netauto.secrets import mask

log = logging.getLogger(__name__)

# Who changed a router, as its syslog told (router -> "alice on vty0 (127.0.0.1)"): set by
# the syslog listener around the backup it starts, read when the backup's events are made.
_hints: ContextVar[Mapping[str, str] | None] = ContextVar("netauto_change_hints", default=None)


@contextmanager
def change_hints(hints: Mapping[str, str]) -> Iterator[None]:
    token = _hints.set(dict(hints))
    try:
        yield
    finally:
        _hints.reset(token)


def hint_for(router: str) -> str | None:
    return (_hints.get() or {}).get(router)


def channels_for(url: str, kind: str, severity: str) -> list[str]:
    """The channels whose rules take this event (a user's rule not when they muted it)."""
    from netauto.db.notify import mutes, rules

    muted = mutes(url)
    found: list[str] = []
    for rule in rules(url):
        if rule.event not in ("all", kind) or rank(severity) < rank(rule.min_severity):
            continue
        silenced = muted.get(rule.username or "", set())
        if rule.username and (kind in silenced or "all" in silenced):
            continue
        if rule.channel not in found:
            found.append(rule.channel)
    return found


def emit(
    url: str,
    *,
    kind: str,
    severity: str,
    text: str,
    router: str | None = None,
    run_id: str | None = None,
    data: Mapping[str, Any] | None = None,
    channels: list[str] | None = None,
) -> int:
    """Store one event and queue it for the channels its rules name; its id.

    ``channels``: those channels, when the caller already asked :func:`channels_for`
    (many events of one kind at once).
    """
    from netauto.db.engine import get_engine
    from netauto.db.events import add_event

    kept = dict(data or {})
    if kept.get("diff"):
        kept["diff"] = mask(str(kept["diff"]))
    targets = channels_for(url, kind, severity) if channels is None else channels
    with get_engine(url).begin() as connection:
        return add_event(
            connection,
            kind=kind,
            severity=severity,
            router=router,
            run_id=run_id,
            text=mask(text),
            data=kept,
            channels=targets,
        )


def transition(url: str, key: str, state: str) -> tuple[bool, str | None]:
    """Record ``key``'s state: (whether it changed, the state before; None: first seen)."""
    from netauto.db.engine import get_engine
    from netauto.db.events import swap_state

    with get_engine(url).begin() as connection:
        before = swap_state(connection, key, state)
    return before != state, before


def safely(url: str, **event: Any) -> int | None:
    """:func:`emit` that never raises: an event must never break what it tells about."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return emit(url, **event)
    except (NetautoError, SQLAlchemyError, OSError, ValueError) as error:
        log.warning("event %s not stored: %s", event.get("kind"), error)
        return None
