"""``/api/events``: server-sent events, live: ``op`` (an operations-log row inserted or
updated, by any process), ``job`` and ``progress`` (runs started from this server), ``reset``
(too much changed at once: read again). A comment every 15 s keeps the stream open; the
server ends a stream after 10 minutes and the browser's EventSource reconnects.

A stream holds a server thread: under waitress (``channel_request_lookahead=1``) the stream
sees a client that went away within a second and gives its thread back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from flask import Blueprint, Response, request, stream_with_context
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.web.feed import FeedFull, Subscription
from netauto.web.security import needs, refuse
from netauto.web.state import web_state

bp = Blueprint("events", __name__)
KEEPALIVE = 15.0
LIFETIME = 600.0


def _stream(subscription: Subscription, gone: Callable[[], bool]) -> Iterator[str]:
    try:
        yield "retry: 3000\n: connected\n\n"
        now = time.monotonic()
        deadline, quiet_until = now + LIFETIME, now + KEEPALIVE
        while time.monotonic() < deadline and not subscription.dropped and not gone():
            event = subscription.get(timeout=1.0)
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


@bp.get("/events")
@needs(Permission.READ)
def events() -> ResponseReturnValue:
    try:
        subscription = web_state().feed.subscribe()
    except FeedFull as exc:
        return refuse(503, f"{exc}: retry later")
    gone = request.environ.get("waitress.client_disconnected") or (lambda: False)
    response = Response(
        stream_with_context(_stream(subscription, gone)), mimetype="text/event-stream"
    )
    response.call_on_close(subscription.close)  # also when the stream never started
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"
    return response
