"""``/api/events``: server-sent events, live: ``op`` (an operations-log row inserted or
updated, by any process), ``job`` and ``progress`` (runs started from this server), ``reset``
(too much changed at once: read again). A comment every 15 s keeps the stream open; the
server ends a stream after 10 minutes and the browser's EventSource reconnects. A stream
whose user logs out, is disabled or loses the token it came with gets ``bye`` within the
feed's ``recheck`` seconds and ends; one user holds at most ``per_user`` streams.

A stream holds a server thread: under waitress (``channel_request_lookahead=1``) the stream
sees a client that went away within a second and gives its thread back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

from flask import Blueprint, Response, g, request, session, stream_with_context
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.exceptions import NetautoError
from netauto.web.feed import FeedFull, Subscription
from netauto.web.security import identity, needs, refuse
from netauto.web.state import web_state

bp = Blueprint("events", __name__)
log = logging.getLogger("netauto.web")
KEEPALIVE = 15.0
LIFETIME = 600.0


def _stream(
    subscription: Subscription, gone: Callable[[], bool], allowed: Callable[[], bool]
) -> Iterator[str]:
    recheck = subscription.feed.recheck
    try:
        yield "retry: 3000\n: connected\n\n"
        now = time.monotonic()
        deadline, quiet_until, check_at = now + LIFETIME, now + KEEPALIVE, now + recheck
        while time.monotonic() < deadline and not subscription.dropped and not gone():
            if time.monotonic() >= check_at:
                if not allowed():
                    yield 'event: bye\ndata: {"reason": "logged out"}\n\n'
                    return
                check_at = time.monotonic() + recheck
            event = subscription.get(timeout=min(1.0, recheck))
            if event is not None and event.kind == "bye":
                return
            if event is not None:
                yield event.sse()
            elif time.monotonic() >= quiet_until:
                yield ": keepalive\n\n"
            else:
                continue
            quiet_until = time.monotonic() + KEEPALIVE
    finally:
        subscription.close()


def _still_allowed() -> Callable[[], bool]:
    """Whether the user of this request may still read, asked again while the stream runs:
    a logout, a new password, a disabled user or a revoked token ends the stream."""
    from netauto.accounts import TokenInvalid

    opened = web_state().project
    if g.get("via") == "token":
        header = request.headers.get("Authorization", "")

        def token_ok() -> bool:
            try:
                return opened.tokens.verify(header.removeprefix("Bearer ").strip()).can(
                    Permission.READ
                )
            except TokenInvalid:
                return False

        return _guarded(token_ok)
    user_id, fingerprint = identity().id, session.get("fp")

    def session_ok() -> bool:
        row = opened.users.login_state(user_id)
        return row is not None and row[0].active and row[1] == fingerprint

    return _guarded(session_ok)


def _guarded(check: Callable[[], bool]) -> Callable[[], bool]:
    def run() -> bool:
        try:
            return check()
        except NetautoError as exc:  # a database hiccup: the next check decides
            log.warning("live feed: cannot recheck a stream's user: %s", exc)
            return True

    return run


@bp.get("/events")
@needs(Permission.READ)
def events() -> ResponseReturnValue:
    """At most ``per_user`` streams per user (429 beyond), ``max_subscribers`` in all (503)."""
    gone = request.environ.get("waitress.client_disconnected") or (lambda: False)
    try:
        subscription = web_state().feed.subscribe(owner=identity().id.hex, gone=gone)
    except FeedFull as exc:
        return refuse(429 if exc.per_user else 503, f"{exc}: retry later")
    response = Response(
        stream_with_context(_stream(subscription, gone, _still_allowed())),
        mimetype="text/event-stream",
    )
    response.call_on_close(subscription.close)  # also when the stream never started
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"
    return response
