"""``/api/chat``: ask the network assistant (``netauto chat``); the answer streams back as
server-sent events: ``session`` (its id), ``text`` (a piece of the answer), ``tool`` (a tool
it called), ``done`` (the whole answer, provider, proposals) or ``error``.

A proposal of a session is shown again (``GET .../proposals/ID``: each router's diff) and
committed by an operator (``POST .../proposals/ID/commit``) exactly as the command line's
``/commit``: the one change flow, committing only if each router's diff is still the one
shown (:func:`netauto.chat.proposals.commit`)."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from netauto.auth import Permission
from netauto.exceptions import NetautoError, PermissionDenied, UsageError
from netauto.text import first_line
from netauto.web.feed import Event
from netauto.web.params import text as text_field
from netauto.web.reads import not_found
from netauto.web.security import needs
from netauto.web.state import project

bp = Blueprint("chat", __name__, url_prefix="/chat")
MAX_QUESTION = 4000
log = logging.getLogger("netauto.web")
Item = Event | None


def _answer(chat: Any, text: str, out: queue.Queue[Item]) -> None:
    def on_text(delta: str) -> None:
        out.put(Event("text", {"delta": delta}))

    def on_tool(call: Any, result: Any) -> None:
        out.put(Event("tool", {"name": call.name, "is_error": bool(result.is_error)}))

    try:
        with chat:
            turn = chat.ask(text, on_text=on_text, on_tool=on_tool)
        out.put(
            Event(
                "done",
                {
                    "session_id": turn.session_id,
                    "answer": turn.answer,
                    "provider": turn.provider,
                    "model": turn.model,
                    "tools": [call.get("name") for call in turn.tool_calls],
                    "proposals": [p.to_dict() for p in turn.proposals],
                },
            )
        )
    except NetautoError as exc:
        out.put(Event("error", {"error": first_line(exc)}))
    except Exception:  # the stream must end with an event, whatever happened
        log.exception("chat answer failed")
        out.put(Event("error", {"error": "internal error (see the server log)"}))
    finally:
        out.put(None)


def _stream(session_id: str, out: queue.Queue[Item]) -> Iterator[str]:
    yield Event("session", {"session_id": session_id}).sse()
    while True:
        try:
            item = out.get(timeout=15)
        except queue.Empty:
            yield ": keepalive\n\n"
            continue
        if item is None:
            return
        yield item.sse()


@bp.post("")
@needs(Permission.READ)
def ask() -> ResponseReturnValue:
    """``{"message": "...", "session_id": "chat-..."?}``; answers a text/event-stream."""
    from netauto.chat.session import open_session

    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        raise UsageError('send {"message": "...", "session_id": optional}')
    text = body["message"].strip()
    if not text or len(text) > MAX_QUESTION:
        raise UsageError(f"the message must hold 1 to {MAX_QUESTION} characters")
    session_id = text_field(body, "session_id")
    chat = open_session(project(), session_id=session_id)
    out: queue.Queue[Item] = queue.Queue()
    threading.Thread(target=_answer, args=(chat, text, out), daemon=True).start()
    response = Response(_stream(chat.session_id, out), mimetype="text/event-stream")
    response.headers["X-Accel-Buffering"] = "no"
    return response


@bp.get("/sessions")
@needs(Permission.READ)
def sessions() -> ResponseReturnValue:
    """The caller's own chat sessions, newest first."""
    from netauto.db.rows import jsonable

    return jsonify(jsonable(project().conversations.list()))


@bp.get("/sessions/<session_id>")
@needs(Permission.READ)
def session(session_id: str) -> ResponseReturnValue:
    from netauto.web.pages.chat import shown_messages

    with not_found():
        messages = shown_messages(session_id)
    return jsonify({"session_id": session_id, "messages": messages})


def _opened(session_id: str) -> Any:
    from netauto.chat.session import open_session

    with not_found():
        return open_session(project(), session_id=session_id)


@bp.get("/sessions/<session_id>/proposals/<ident>")
@needs(Permission.READ)
def proposal(session_id: str, ident: str) -> ResponseReturnValue:
    """A proposal as it stands (status, each router's diff) and whether the caller may
    commit it now (``can_commit``, else ``why_not``)."""
    with _opened(session_id) as chat:
        found = chat.proposals.get(ident.strip().upper())
        if found is None:
            raise NotFound(f"no proposal {ident!r} in this session")
        why_not = None
        try:
            chat.ready(found.id)
        except (UsageError, PermissionDenied) as exc:
            why_not = first_line(exc)
    return jsonify({**found.to_dict(), "can_commit": why_not is None, "why_not": why_not})


@bp.post("/sessions/<session_id>/proposals/<ident>/commit")
@needs(Permission.CHANGE)
def commit(session_id: str, ident: str) -> ResponseReturnValue:
    """Commit the proposal (operators): its routers, each only if its diff is the one shown;
    the outcome per router and the run."""
    with _opened(session_id) as chat:
        report = chat.commit(ident)
        found = chat.proposals[ident.strip().upper()]
    return jsonify(
        {
            "proposal": found.to_dict(),
            "run_id": report.run_id,
            "declined": report.declined,
            "summary": report.summary or report.note,
            "hosts": [
                {"host": o.host, "status": o.status, "detail": o.detail} for o in report.hosts
            ],
        }
    )
