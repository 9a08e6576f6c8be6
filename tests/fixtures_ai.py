"""pytest plugin: ``stub``, the local AI provider stub (aistub.py) on 127.0.0.1.

The providers' environment (keys, base URLs) is cleared so only the stub can answer.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aistub import StubServer


@pytest.fixture(name="stub")
def stub_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[StubServer]:
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    server = StubServer().start()
    yield server
    server.stop()
