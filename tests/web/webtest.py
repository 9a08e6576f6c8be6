"""Helpers of the web tests: users of each role with a password and a token, logged-in clients.

Imported by the test modules of tests/web (``from webtest import ...``); the fixtures built on
them are in tests/web/conftest.py.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest
from flask import Flask
from flask.testing import FlaskClient

ROLES = ("viewer", "operator", "admin")
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Account:
    role: str
    email: str
    username: str
    token: str


def make_accounts(url: str) -> dict[str, Account]:
    """One user per role, each with PASSWORD and an API token."""
    from netauto.accounts import add_user, create_token, set_password

    found = {}
    for role in ROLES:
        email = f"{role}@example.com"
        info = add_user(url, email, role, actor="test-setup", username=role)
        set_password(url, email, PASSWORD, actor="test-setup")
        token, _ = create_token(url, email, actor="test-setup", label="tests")
        found[role] = Account(role, email, info.username, token)
    return found


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


class Browserless:
    """A Flask test client logged in (or not) with its CSRF token at hand."""

    def __init__(self, app: Flask) -> None:
        self.client: FlaskClient = app.test_client()
        self.csrf = ""

    def login(self, email: str, password: str = PASSWORD) -> Any:
        self.csrf = csrf_of(self.client.get("/login").text)
        response = self.client.post(
            "/login", data={"email": email, "password": password, "csrf_token": self.csrf}
        )
        self.csrf = csrf_of(self.client.get("/login", follow_redirects=True).text)
        return response

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, **kwargs)

    def send(self, method: str, path: str, *, csrf: bool = True, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if csrf:
            headers["X-CSRF-Token"] = self.csrf
        return self.client.open(path, method=method, headers=headers, **kwargs)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# Debian's chromium, driven by Playwright; as root it needs these flags (and a fresh profile).
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(message: str) -> NoReturn:
    """A browser test without its browser: fails under CI, skips elsewhere."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def need_chromium() -> None:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The app on waitress at 127.0.0.1 and a free port, in a thread; yields its base URL."""
    from waitress import create_server

    from netauto.web.server import SERVER_OPTIONS

    server = create_server(app, host="127.0.0.1", port=0, **SERVER_OPTIONS)
    port = server.effective_port  # type: ignore[union-attr]
    closing = threading.Event()

    def run() -> None:
        try:
            server.run()
        except (OSError, ValueError):
            # server.close() below closes the sockets its loop may be selecting on (EBADF):
            # the end of the server, not an error. Before that, it is one.
            if not closing.is_set():
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        app.extensions["netauto"].feed.close()
        closing.set()
        server.close()
        thread.join(timeout=5)
