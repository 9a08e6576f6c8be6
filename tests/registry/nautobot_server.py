"""A real Nautobot for the sync tests: its own venv, PostgreSQL database and Redis db (11).

Migrating an empty database takes minutes (docs/benchmarks.md), so it is done once per
PostgreSQL server and Nautobot release into a template database (``TEMPLATE``), kept between
runs; each test session copies it (``CREATE DATABASE ... TEMPLATE``, about a second) and
serves the copy with ``nautobot-server runserver`` on 127.0.0.1 and a free port. A superuser
and an API token are made in the template through Django's shell (the token kept, owner-only,
in the clients' cache folder beside the venv).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from clients import VENVS, client_python

VERSION = "3.2.7"  # tools/clients/nautobot.in
TEMPLATE = f"netauto_nautobot_{VERSION.replace('.', '_')}"
REDIS = "redis://127.0.0.1:6379/11"  # cache and broker; no other test uses db 11
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TOKEN_FILE = VENVS / f"{TEMPLATE}.token"  # the template's API token (a local test server's)

CONFIG = f'''
import os
from nautobot.core.settings import *  # noqa: F403
from nautobot.core.settings import DATABASES, CACHES

ALLOWED_HOSTS = ["127.0.0.1"]
SECRET_KEY = os.environ["NAUTOBOT_SECRET_KEY"]
DATABASES["default"].update(
    NAME=os.environ["NAUTOBOT_DB_NAME"], USER="postgres", PASSWORD="", HOST="127.0.0.1",
    PORT="5432",
)
CACHES["default"]["LOCATION"] = "{REDIS}"
CELERY_BROKER_URL = "{REDIS}"
INSTALLATION_METRICS_ENABLED = False
'''

TOKEN_SCRIPT = """
from nautobot.users.models import Token, User
user = User.objects.filter(username="netauto").first() or User.objects.create_superuser(
    "netauto", "netauto@example.com", "{password}"
)
Token.objects.filter(user=user).delete()
Token.objects.create(user=user, key="{token}")
"""


@dataclass(frozen=True)
class Nautobot:
    url: str
    token: str


def _env(root: Path, database: str) -> dict[str, str]:
    return {
        **os.environ,
        "NAUTOBOT_ROOT": str(root),
        "NAUTOBOT_CONFIG": str(root / "nautobot_config.py"),
        "NAUTOBOT_DB_NAME": database,
        "NAUTOBOT_SECRET_KEY": "netauto-tests-" + "x" * 40,
    }


def _server(python: Path) -> str:
    return str(python.parent / "nautobot-server")


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)


def ensure_template(python: Path, root: Path) -> float:
    """The migrated template database; returns the seconds migrating took (0: it existed)."""
    with open(VENVS / "nautobot-template.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        with _admin() as admin:
            found = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)
            ).fetchone()
            if found and TOKEN_FILE.exists():
                return 0.0
        if found:  # made by an older harness, without a kept token
            _make_token(python, root, TEMPLATE)
            return 0.0
        with _admin() as admin:
            building = f"{TEMPLATE}_building"
            admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{building}"')
        start = time.monotonic()
        subprocess.run(
            [_server(python), "--config", str(root / "nautobot_config.py"), "migrate", "-v", "0"],
            env=_env(root, building), check=True, capture_output=True, text=True,
        )  # fmt: skip
        took = time.monotonic() - start
        _make_token(python, root, building)
        with _admin() as admin:
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{TEMPLATE}"')
        return took


def _make_token(python: Path, root: Path, database: str) -> str:
    """A superuser and its API token in ``database``; the token is kept in TOKEN_FILE, so
    that every copy of the template has it without starting Django again."""
    token = secrets.token_hex(20)
    script = TOKEN_SCRIPT.format(password=secrets.token_urlsafe(16), token=token)
    subprocess.run(
        [_server(python), "--config", str(root / "nautobot_config.py"), "nbshell", "--command",
         script],
        env=_env(root, database), check=True, capture_output=True, text=True,
    )  # fmt: skip
    TOKEN_FILE.write_text(token)
    TOKEN_FILE.chmod(0o600)
    return token


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(url: str, token: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    request = urllib.request.Request(
        f"{url}/api/status/", headers={"Authorization": f"Token {token}"}
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nautobot-server exited with {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(request, timeout=5) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"nautobot-server did not answer at {url} in {seconds:.0f}s")


@contextlib.contextmanager
def running_nautobot(root: Path) -> Iterator[Nautobot]:
    """A served copy of the template, with a superuser's token; dropped afterwards."""
    python = client_python("nautobot")
    root.mkdir(parents=True, exist_ok=True)
    (root / "nautobot_config.py").write_text(CONFIG)
    ensure_template(python, root)
    database = f"netauto_nautobot_{uuid.uuid4().hex[:10]}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{TEMPLATE}"')
    env = _env(root, database)
    config = ["--config", str(root / "nautobot_config.py")]
    token = TOKEN_FILE.read_text().strip()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(root / "server.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [_server(python), *config, "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        _wait(url, token, process)
        yield Nautobot(url, token)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
