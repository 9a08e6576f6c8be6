"""A local stub of the OpenAI chat completions API and the Anthropic messages API.

A threaded ``http.server`` on 127.0.0.1 and a random port. The real SDKs talk to it through
``base_url``: ``http://127.0.0.1:<port>/openai/v1`` and ``http://127.0.0.1:<port>/anthropic``.
Each provider answers from a script (a queue of replies); when the script runs out it
repeats ``default``. Every request body is kept, so tests can inspect what was sent.

A reply is a text, a :class:`Call` (the model calls a tool), a :class:`Turn` (text and
calls), :class:`Fail`, :class:`Hang`, or a callable of the request's JSON returning one of
those. A request with ``"stream": true`` is answered as each API streams (server-sent
events: chat.completion.chunk deltas, or Anthropic's message/content_block events).

``/openai/v1/embeddings`` answers with deterministic vectors (:func:`stub_embedding`: hashed
character trigrams of the words, so texts sharing words or word stems are near); its
requests are kept as provider ``embeddings`` (a scripted :class:`Fail` or :class:`Hang`
applies to it too).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Fail:
    status: int = 500
    message: str = "stub failure"


@dataclass(frozen=True)
class Hang:
    """Answer nothing until the client gives up (or the stub stops)."""

    seconds: float = 10.0


@dataclass(frozen=True)
class Call:
    """The model calls the tool ``name`` with ``arguments``."""

    name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    id: str | None = None


@dataclass(frozen=True)
class Turn:
    """An answer with text and tool calls."""

    text: str = ""
    calls: tuple[Call, ...] = ()


@dataclass
class Request:
    provider: str
    path: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body)  # type: ignore[no-any-return]

    def texts(self) -> list[str]:
        """The text of every message (and the system prompt) of this request."""
        data = self.json
        texts = [data["system"]] if isinstance(data.get("system"), str) else []
        for message in data.get("messages", []):
            content = message.get("content")
            if isinstance(content, str):
                texts.append(content)
            elif isinstance(content, list):
                for block in content:
                    inner = block.get("content")
                    texts.append(str(inner if isinstance(inner, str) else block.get("text", "")))
        return texts

    def inputs(self) -> list[str]:
        """The texts of an embeddings request."""
        value = self.json.get("input", [])
        return [value] if isinstance(value, str) else [str(text) for text in value]

    def tool_results(self) -> list[str]:
        """The tool results sent back to the model, in order (both APIs)."""
        found = []
        for message in self.json.get("messages", []):
            if message.get("role") == "tool":
                found.append(str(message.get("content")))
            elif isinstance(message.get("content"), list):
                found += [
                    str(block.get("content"))
                    for block in message["content"]
                    if block.get("type") == "tool_result"
                ]
        return found


@dataclass
class Script:
    replies: list[Any] = field(default_factory=list)
    default: Any = "! nothing to do"

    def next(self) -> Any:
        return self.replies.pop(0) if self.replies else self.default


class StubServer:
    def __init__(self) -> None:
        self.scripts = {"openai": Script(), "anthropic": Script(), "embeddings": Script()}
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def base_url(self, provider: str) -> str:
        suffix = "/openai/v1" if provider == "openai" else "/anthropic"
        return f"http://127.0.0.1:{self.port}{suffix}"

    def script(self, provider: str, *replies: Any, default: Any = None) -> None:
        script = self.scripts[provider]
        script.replies = list(replies)
        if default is not None:
            script.default = default

    def of(self, provider: str) -> list[Request]:
        return [r for r in self.requests if r.provider == provider]

    def start(self) -> StubServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)

    def record(self, request: Request) -> Any:
        with self._lock:
            self.requests.append(request)
            reply = self.scripts[request.provider].next()
        return reply(request.json) if callable(reply) else reply


def as_turn(reply: Any) -> Turn:
    if isinstance(reply, Turn):
        return reply
    if isinstance(reply, Call):
        return Turn(calls=(reply,))
    if isinstance(reply, list | tuple):
        return Turn(calls=tuple(reply))
    return Turn(text=str(reply))


def _call_ids(provider: str, turn: Turn) -> list[str]:
    prefix = "call_" if provider == "openai" else "toolu_"
    return [
        call.id or f"{prefix}{i}_{time.monotonic_ns() % 10**9}" for i, call in enumerate(turn.calls)
    ]


def _openai_body(turn: Turn, model: str) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": turn.text or None}
    if turn.calls:
        message["tool_calls"] = [
            {
                "id": ident,
                "type": "function",
                "function": {"name": call.name, "arguments": json.dumps(call.arguments)},
            }
            for ident, call in zip(_call_ids("openai", turn), turn.calls, strict=True)
        ]
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if turn.calls else "stop",
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def _anthropic_content(turn: Turn) -> list[dict[str, Any]]:
    content: list[dict[str, Any]] = [{"type": "text", "text": turn.text}] if turn.text else []
    for ident, call in zip(_call_ids("anthropic", turn), turn.calls, strict=True):
        content.append(
            {"type": "tool_use", "id": ident, "name": call.name, "input": call.arguments}
        )
    return content or [{"type": "text", "text": ""}]


def _anthropic_body(turn: Turn, model: str) -> dict[str, Any]:
    return {
        "id": "msg_stub",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": _anthropic_content(turn),
        "stop_reason": "tool_use" if turn.calls else "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 90, "output_tokens": 15},
    }


def _pieces(text: str) -> list[str]:
    """Text in a few chunks, as a model streams it."""
    size = max(1, len(text) // 3)
    return [text[i : i + size] for i in range(0, len(text), size)]


def _openai_events(turn: Turn, model: str) -> list[tuple[str | None, dict[str, Any]]]:
    base = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time())}
    base["model"] = model

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    events = [chunk({"role": "assistant", "content": ""})]
    events += [chunk({"content": piece}) for piece in _pieces(turn.text)]
    for index, (ident, call) in enumerate(zip(_call_ids("openai", turn), turn.calls, strict=True)):
        arguments = json.dumps(call.arguments)
        half = len(arguments) // 2
        first = {"index": index, "id": ident, "type": "function"}
        first["function"] = {"name": call.name, "arguments": arguments[:half]}
        events.append(chunk({"tool_calls": [first]}))
        rest = {"index": index, "function": {"arguments": arguments[half:]}}
        events.append(chunk({"tool_calls": [rest]}))
    events.append(chunk({}, "tool_calls" if turn.calls else "stop"))
    usage = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
    events.append({**base, "choices": [], "usage": usage})
    return [(None, event) for event in events]


def _anthropic_events(turn: Turn, model: str) -> list[tuple[str | None, dict[str, Any]]]:
    message = {**_anthropic_body(Turn(), model), "content": [], "stop_reason": None}
    message["usage"] = {"input_tokens": 90, "output_tokens": 1}
    events: list[dict[str, Any]] = [{"type": "message_start", "message": message}]
    index = 0
    if turn.text:
        events.append(
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            }
        )
        for piece in _pieces(turn.text):
            delta = {"type": "text_delta", "text": piece}
            events.append({"type": "content_block_delta", "index": 0, "delta": delta})
        events.append({"type": "content_block_stop", "index": 0})
        index = 1
    for ident, call in zip(_call_ids("anthropic", turn), turn.calls, strict=True):
        block = {"type": "tool_use", "id": ident, "name": call.name, "input": {}}
        events.append({"type": "content_block_start", "index": index, "content_block": block})
        delta = {"type": "input_json_delta", "partial_json": json.dumps(call.arguments)}
        events.append({"type": "content_block_delta", "index": index, "delta": delta})
        events.append({"type": "content_block_stop", "index": index})
        index += 1
    stop = "tool_use" if turn.calls else "end_turn"
    events.append(
        {
            "type": "message_delta",
            "delta": {"stop_reason": stop, "stop_sequence": None},
            "usage": {"output_tokens": 15},
        }
    )
    events.append({"type": "message_stop"})
    return [(event["type"], event) for event in events]


DIMENSIONS = 256
_STOP = frozenset(
    ["the", "and", "for", "are", "was", "with", "that", "this", "from", "into", "its", "not"]
)


def stub_embedding(text: str, dimensions: int = DIMENSIONS) -> list[float]:
    """A deterministic vector: each word's character trigrams (``#word#``) hashed into
    ``dimensions`` signed buckets, so "synchronisation" is near "synchronization"."""
    vector = [0.0] * dimensions
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if len(word) < 3 or word in _STOP:
            continue
        padded = f"#{word}#"
        for i in range(len(padded) - 2):
            digest = hashlib.blake2b(padded[i : i + 3].encode(), digest_size=4).digest()
            number = int.from_bytes(digest, "big")
            vector[number % dimensions] += 1.0 if number & 0x80000000 else -1.0
    return vector


def _embeddings_body(request: Request, model: str) -> dict[str, Any]:
    texts = request.inputs()
    size = int(request.json.get("dimensions") or DIMENSIONS)
    return {
        "object": "list",
        "model": model,
        "data": [
            {"object": "embedding", "index": i, "embedding": stub_embedding(text, size)}
            for i, text in enumerate(texts)
        ],
        "usage": {"prompt_tokens": 0, "total_tokens": 0},
    }


def _error_body(provider: str, fail: Fail) -> dict[str, Any]:
    if provider != "anthropic":
        return {"error": {"message": fail.message, "type": "server_error", "code": None}}
    return {"type": "error", "error": {"type": "api_error", "message": fail.message}}


def _handler(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go in two writes: with Nagle's algorithm the body waits for the
        # client's delayed ACK (40 ms a request), which the latencies measured would carry.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            if self.path.startswith("/openai/v1/chat/completions"):
                provider = "openai"
            elif self.path.startswith("/anthropic/v1/messages"):
                provider = "anthropic"
            elif self.path.startswith("/openai/v1/embeddings"):
                provider = "embeddings"
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})
                return
            reply = stub.record(Request(provider, self.path, body, dict(self.headers.items())))
            if isinstance(reply, Hang):
                stub.stopping.wait(reply.seconds)
                self.close_connection = True
                return
            if isinstance(reply, Fail):
                self._send(reply.status, _error_body(provider, reply))
                return
            request = json.loads(body)
            model = request.get("model", "stub")
            if provider == "embeddings":
                self._send(200, _embeddings_body(Request(provider, self.path, body), model))
                return
            turn = as_turn(reply)
            if request.get("stream"):
                make_events = _openai_events if provider == "openai" else _anthropic_events
                self._stream(make_events(turn, model), done=provider == "openai")
                return
            make = _openai_body if provider == "openai" else _anthropic_body
            self._send(200, make(turn, model))

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def _stream(self, events: list[tuple[str | None, dict[str, Any]]], done: bool) -> None:
            lines = []
            for name, event in events:
                if name:
                    lines.append(f"event: {name}\n")
                lines.append(f"data: {json.dumps(event)}\n\n")
            if done:
                lines.append("data: [DONE]\n\n")
            data = "".join(lines).encode()
            # Said, not only done: a client that was not told would pool the connection and
            # could send its next request on it while it closes (a flaky "Connection error").
            self.close_connection = True
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def embeddings_section(stub: StubServer, model: str = "embed-stub", **more: Any) -> dict[str, Any]:
    """config.yaml's ``ai`` keys for an embeddings provider pointed at ``stub``."""
    return {
        "embeddings": {"model": model, "base_url": stub.base_url("openai"), "timeout": 5, **more}
    }


def ai_section(stub: StubServer, timeout: float = 5) -> dict[str, Any]:
    """config.yaml's ``ai`` section for both providers, pointed at ``stub``."""
    return {
        "providers": [
            {"name": n, "model": model, "base_url": stub.base_url(n), "timeout": timeout}
            for n, model in (("openai", "gpt-stub"), ("anthropic", "claude-stub"))
        ]
    }
