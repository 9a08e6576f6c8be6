"""The chat page's API: the assistant of ``netauto chat``, answers streamed as events.

The stub of tests/ai plays the model (OpenAI and Anthropic APIs, streaming) on loopback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aistub import Call, StubServer, ai_section
from netauto_testing import Project, make_project
from webtest import Browserless, make_accounts


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


def events_of(body: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for frame in body.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.splitlines() if ": " in line)
        if "event" in lines:
            found.append((lines["event"], json.loads(lines["data"])))
    return found


def test_an_answer_streams_and_the_session_is_kept(
    tmp_path: Path, sqlite_url: str, fleet: Any, stub: StubServer
) -> None:
    from netauto.web import create_app

    project: Project = make_project(tmp_path, sqlite_url, fleet, ai=ai_section(stub))
    make_accounts(project.database_url)
    app = create_app(project.config)
    stub.script("openai", Call("list_devices", {}), "Three routers: R15, R16 and R17.")
    client = Browserless(app)
    client.login("viewer@example.com")
    response = client.send("POST", "/api/chat", json={"message": "How many routers?"})
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    events = events_of(response.text)
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "session" and kinds[-1] == "done" and "text" in kinds
    assert ("tool", {"name": "list_devices", "is_error": False}) in events
    text = "".join(data["delta"] for kind, data in events if kind == "text")
    assert text == events[-1][1]["answer"] == "Three routers: R15, R16 and R17."
    session = events[0][1]["session_id"]
    [listed] = client.get("/api/chat/sessions").json
    assert listed["session_id"] == session and listed["title"] == "How many routers?"
    page = client.get(f"/chat/{session}").text
    assert "Three routers: R15, R16 and R17." in page and "list_devices" in page
    stub.script("openai", "Still three.")
    again = client.send("POST", "/api/chat", json={"message": "And now?", "session_id": session})
    assert events_of(again.text)[-1][1]["answer"] == "Still three."
    other = Browserless(app)
    other.login("operator@example.com")
    assert other.get(f"/api/chat/sessions/{session}").status_code == 404  # not theirs
    assert other.send("POST", "/api/chat", json={"message": ""}).status_code == 400


def test_without_a_provider(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from netauto.web import create_app

    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    make_accounts(project.database_url)
    client = Browserless(create_app(project.config))
    client.login("viewer@example.com")
    response = client.send("POST", "/api/chat", json={"message": "hello"})
    assert response.status_code == 503 and "provider" in response.json["error"]
