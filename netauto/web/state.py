"""What the application holds: its open project, the live feed, the jobs, the key.

Views read and change through :func:`project`: the application's project acting as the
user of the request (what that user changes is recorded under their name).

The session-signing key comes from ``NETAUTO_WEB_SECRET_KEY``, else from
``.netauto/web-secret`` beside config.yaml (created once, mode 0600), so that logins survive
a restart and several workers of one project agree. Never a built-in default.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from flask import current_app, g

from netauto.db.timeline import TimelineCache
from netauto.exceptions import ConfigError
from netauto.project import Project
from netauto.web.feed import Feed
from netauto.web.jobs import Jobs
from netauto.web.throttle import LoginThrottle

KEY_VARIABLE = "NETAUTO_WEB_SECRET_KEY"
KEY_FILE = "web-secret"


@dataclass
class WebState:
    project: Project
    feed: Feed
    jobs: Jobs
    throttle: LoginThrottle
    timeline: TimelineCache = field(default_factory=TimelineCache)

    @property
    def url(self) -> str:
        """The project's database (derived, never kept beside the project)."""
        return self.project.url


def web_state() -> WebState:
    found: WebState = current_app.extensions["netauto"]
    return found


def project() -> Project:
    """The application's project, acting as the user of this request when one is logged in."""
    opened = web_state().project
    who = g.get("identity")
    return opened.acting_as(who.username) if who is not None else opened


def secret_key(project: Project) -> bytes:
    """The key that signs session cookies (see the module docstring)."""
    given = os.environ.get(KEY_VARIABLE, "").strip()
    if given:
        return given.encode()
    path = project.state_dir / KEY_FILE
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        text = ""
    if len(text) >= 32:
        return text.encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = secrets.token_hex(32)
    # O_EXCL: when two workers start at once, one writes and the other reads its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        text = path.read_text().strip()
        if len(text) < 32:
            raise ConfigError(f"{path} holds a key too short to sign sessions: delete it") from None
        return text.encode()
    with os.fdopen(fd, "w") as handle:
        handle.write(text + "\n")
    return text.encode()
