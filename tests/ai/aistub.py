"""A local stub of the OpenAI chat completions API and the Anthropic messages API.

A threaded ``http.server`` on 127.0.0.1 and a random port. The real SDKs talk to it through
``base_url``: ``http://127.0.0.1:<port>/openai/v1`` and ``http://127.0.0.1:<port>/anthropic``.
Each provider answers from a script (a queue of replies); when the script runs out it
repeats ``default``. Every request body is kept, so tests can inspect what was sent.
"""

from __future__ import annotations

import json
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
                texts.extend(str(block.get("text", "")) for block in content)
        return texts


@dataclass
class Script:
    replies: list[Any] = field(default_factory=list)
    default: Any = "! nothing to do"

    def next(self) -> Any:
        return self.replies.pop(0) if self.replies else self.default


class StubServer:
    def __init__(self) -> None:
        self.scripts = {"openai": Script(), "anthropic": Script()}
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


def _openai_body(text: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def _anthropic_body(text: str, model: str) -> dict[str, Any]:
    return {
        "id": "msg_stub",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 90, "output_tokens": 15},
    }


def _error_body(provider: str, fail: Fail) -> dict[str, Any]:
    if provider == "openai":
        return {"error": {"message": fail.message, "type": "server_error", "code": None}}
    return {"type": "error", "error": {"type": "api_error", "message": fail.message}}


def _handler(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            if self.path.startswith("/openai/v1/chat/completions"):
                provider = "openai"
            elif self.path.startswith("/anthropic/v1/messages"):
                provider = "anthropic"
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
            model = json.loads(body).get("model", "stub")
            make = _openai_body if provider == "openai" else _anthropic_body
            self._send(200, make(str(reply), model))

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

    return Handler
