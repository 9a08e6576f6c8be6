"""``netauto web``: detached on loopback, status, stop; refusals in one line, exit 2."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from netauto_testing import write_project

from netauto.cli import cli
from netauto.web.server import is_loopback, parse_bind


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["web", *args], catch_exceptions=False)


def test_detached_server_status_and_stop(tmp_path: Path, sqlite_url: str) -> None:
    config = str(write_project(tmp_path, sqlite_url, {}))
    bind = f"127.0.0.1:{free_port()}"
    started = run("--bind", bind, "--detach", "--config", config)
    assert started.exit_code == 0, started.output
    try:
        assert f"netauto web on http://{bind}/" in started.output
        with urllib.request.urlopen(f"http://{bind}/login", timeout=5) as response:
            assert response.status == 200 and b"there is no default account" in response.read()
        found = run("status", "--config", config, "--json")
        assert json.loads(found.output)["url"] == f"http://{bind}/"
        again = run("--bind", bind, "--detach", "--config", config)
        assert again.exit_code == 2 and "already runs" in again.output
        key = tmp_path / ".netauto" / "web-secret"
        assert key.stat().st_mode & 0o077 == 0  # the session key is the owner's only
    finally:
        stopped = run("stop", "--config", config)
    assert stopped.exit_code == 0 and "stopped" in stopped.output
    assert run("status", "--config", config).exit_code == 1


def test_refusals(tmp_path: Path, sqlite_url: str) -> None:
    config = str(write_project(tmp_path, sqlite_url, {}))
    remote = run("--bind", "0.0.0.0:8080", "--config", config)
    assert remote.exit_code == 2
    assert "serves loopback addresses only" in remote.output
    bad = run("--bind", "8080", "--config", config)
    assert bad.exit_code == 2 and "expected HOST:PORT" in bad.output
    assert run("stop", "--config", config).exit_code == 1


@pytest.mark.parametrize(
    ("text", "host", "port", "loopback"),
    [
        ("127.0.0.1:8080", "127.0.0.1", 8080, True),
        ("[::1]:9000", "::1", 9000, True),
        ("localhost:80", "localhost", 80, True),
        ("192.0.2.1:8080", "192.0.2.1", 8080, False),
    ],
)
def test_bind_addresses(text: str, host: str, port: int, loopback: bool) -> None:
    assert parse_bind(text) == (host, port)
    assert is_loopback(host) is loopback
