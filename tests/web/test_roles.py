"""Every route, every role: each route declares a permission and the guard enforces it.

The walk covers each rule of the URL map with each method, as nobody, as a viewer, an
operator and an admin, with the session (and the CSRF token) and with a Bearer token. A role
below the route's permission gets 403; nobody gets 401 (API) or the login page; a role that
may gets anything else (400 for the empty bodies sent here is fine: the guard let it through).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from webtest import Account, Browserless, bearer

from netauto.auth import Permission, allows
from netauto.web.security import OPEN, PUBLIC, required

SAMPLES = {
    "name": "R15",
    "ref": "00000000000000000000000000000000",
    "email": "nobody@example.com",
    "key": "connect_timeout",
    "ident": "0" * 32,
    "session_id": "chat-000000000000",
    "feature": "ntp",
    "prefix": "nta_00000000",
}
IDENTITIES = (None, "viewer", "operator", "admin")


def routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every route but the static files; logout comes last."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        url = rule.build({arg: SAMPLES[arg] for arg in rule.arguments}, append_unknown=False)[1]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, url))
    return sorted(found, key=lambda item: item[0] == "auth.logout")


def expected_ok(wanted: Any, role: str | None) -> bool:
    if wanted in (PUBLIC, OPEN):
        return True
    return role is not None and isinstance(wanted, Permission) and allows(role, wanted)


def call(client: Browserless, method: str, url: str, token: str | None) -> Any:
    if token is not None:
        response = client.client.open(url, method=method, headers=bearer(token), buffered=False)
    else:
        response = client.send(method, url, buffered=False)
    response.close()  # /api/events streams: never read it
    return response


def test_every_route_declares_a_permission(app: Flask) -> None:
    undeclared = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and required(app.view_functions[rule.endpoint]) is None
    ]
    assert undeclared == []
    # The walk below must cover the pages and the API, not a handful of routes.
    assert len(routes(app)) > 40


@pytest.mark.parametrize("via", ["session", "token"])
def test_every_route_with_every_role(
    app: Flask,
    accounts: dict[str, Account],
    as_role: Callable[[str | None], Browserless],
    via: str,
) -> None:
    clients = {role: as_role(role) for role in IDENTITIES}
    clients[None].login("nobody@example.com", "wrong")  # a CSRF token, no identity
    problems = []
    for endpoint, method, url in routes(app):
        wanted = required(app.view_functions[endpoint])
        for role in IDENTITIES:
            token = accounts[role].token if via == "token" and role is not None else None
            response = call(clients[role], method, url, token)
            status, location = response.status_code, response.headers.get("Location", "")
            refused = status in (401, 403) or (status == 302 and "/login?" in location)
            if expected_ok(wanted, role) == refused:
                problems.append(f"{method} {url} as {role} ({via}): {status} {location}")
            elif not expected_ok(wanted, role) and role is not None and status != 403:
                problems.append(f"{method} {url} as {role} ({via}): {status}, wanted 403")
            elif role is None and not expected_ok(wanted, role) and not refused:
                problems.append(f"{method} {url} anonymous: {status}")
            if endpoint == "auth.logout" and role is not None and via == "session":
                clients[role].login(accounts[role].email)
    assert problems == [], "\n".join(problems)
