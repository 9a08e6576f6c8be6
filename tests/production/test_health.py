"""``GET /healthz`` and ``GET /readyz`` on a database of the test's own.

PostgreSQL: the test's database is taken away (its connections ended, the database renamed)
and brought back; SQLite: the schema is set behind. The scheduler's heartbeat comes from a
real detached ``netauto scheduler``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result
from flask import Flask
from netauto_testing import PG_SERVER, many_hosts, write_project

from netauto.cli import cli
from netauto.db.direct import Database
from netauto.db.engine import dispose_engines
from netauto.schedule import heartbeat

ENV = ("NETAUTO_CONFIG", "NETAUTO_DATABASE_URL", "NETAUTO_WEB_REQUIRE_SCHEDULER")
SECRETS_AND_FLEET = ("R0", "R1", "127.1.", "postgres", "sqlite", "netauto_test", "password")


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def _app(folder: Path, url: str) -> Flask:
    from netauto.web import create_app

    return create_app(write_project(folder, url, many_hosts(2)))


def _netauto(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _answer(app: Flask, path: str) -> tuple[int, dict[str, object]]:
    response = app.test_client().get(path)
    text = response.get_data(as_text=True)
    for word in SECRETS_AND_FLEET:
        assert word not in text, (word, text)
    assert response.headers["Content-Type"] == "application/json"
    return response.status_code, json.loads(text)


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    dsn = PG_SERVER.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    return psycopg.connect(dsn, autocommit=True, connect_timeout=5)


@pytest.fixture(scope="module")
def pg_app(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: Callable[[], str]
) -> Iterator[tuple[Flask, str]]:
    with pytest.MonkeyPatch.context() as patch:
        for name in ENV:
            patch.delenv(name, raising=False)
        url = postgres_server()
        app = _app(tmp_path_factory.mktemp("pg"), url)
        yield app, url.rsplit("/", 1)[1]
        app.extensions["netauto"].feed.close()


def test_postgresql_away_and_back(pg_app: tuple[Flask, str]) -> None:
    app, name = pg_app
    assert _answer(app, "/healthz") == (200, {"status": "alive"})
    ready = {"database": "ok", "schema": "ok", "scheduler": "not used"}
    assert _answer(app, "/readyz") == (200, {"status": "ready", "checks": ready})

    away = f"{name}_away"
    with _admin() as admin:
        dispose_engines()
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        admin.execute(f'ALTER DATABASE "{name}" RENAME TO "{away}"')
        try:
            status, body = _answer(app, "/readyz")
            assert status == 503
            assert body == {
                "status": "not ready",
                "checks": {"database": "unreachable", "schema": "unknown", "scheduler": "not used"},
            }
            assert _answer(app, "/healthz")[0] == 200  # alive all the same
        finally:
            admin.execute(f'ALTER DATABASE "{away}" RENAME TO "{name}"')
    assert _answer(app, "/readyz")[0] == 200


def test_no_session_is_read(pg_app: tuple[Flask, str]) -> None:
    """A stale cookie or a bad token changes nothing: the probes never look at them."""
    app, _ = pg_app
    client = app.test_client()
    client.set_cookie("netauto_session", "garbage")
    assert client.get("/readyz", headers={"Authorization": "Bearer nta_wrong"}).status_code == 200
    assert client.post("/readyz").status_code in (403, 405)


def test_schema_behind_and_scheduler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'netauto.db'}"
    app = _app(tmp_path, url)
    try:
        state = tmp_path / ".netauto"
        heartbeat.write(state, poll=1.0)
        assert _answer(app, "/readyz")[1]["checks"] == {  # this very process beats
            "database": "ok",
            "schema": "ok",
            "scheduler": "ok",
        }
        heartbeat.write(state, poll=1.0, now=datetime.now(UTC) - timedelta(minutes=5))
        status, body = _answer(app, "/readyz")
        assert (status, body["checks"]["scheduler"]) == (503, "stale")
        heartbeat.remove(state)
        assert _answer(app, "/readyz")[0] == 200

        monkeypatch.setenv("NETAUTO_WEB_REQUIRE_SCHEDULER", "true")
        app.extensions["netauto"].project.reload()
        status, body = _answer(app, "/readyz")
        assert (status, body["checks"]["scheduler"]) == (503, "not running")

        # A real scheduler beats, and removes its heartbeat when it stops cleanly.
        config = str(tmp_path / "config.yaml")
        started = _netauto(
            "scheduler", "--detach", "--poll", "0.2", "--log-format", "json", "--config", config
        )
        assert started.exit_code == 0, started.output
        try:
            deadline = time.monotonic() + 30
            while heartbeat.read(state) is None and time.monotonic() < deadline:
                time.sleep(0.05)  # until the scheduler's first tick
            checks = {"database": "ok", "schema": "ok", "scheduler": "ok"}
            assert _answer(app, "/readyz") == (200, {"status": "ready", "checks": checks})
        finally:
            stopped = _netauto("scheduler", "stop", "--config", config)
        assert stopped.exit_code == 0, stopped.output
        assert heartbeat.read(state) is None
        assert _answer(app, "/readyz")[1]["checks"]["scheduler"] == "not running"
        logged = [json.loads(line) for line in (state / "scheduler.log").read_text().splitlines()]
        assert [
            e["message"].split(":")[0] for e in logged if e["logger"] == "netauto.schedule"
        ] == [
            "scheduler started",
            "scheduler stopped",
        ]

        database = Database.connect(url)
        database.execute("UPDATE alembic_version SET version_num = '0007'")
        database.close()
        status, body = _answer(app, "/readyz")
        assert (status, body["checks"]["schema"]) == (503, "outdated")
    finally:
        app.extensions["netauto"].feed.close()
        dispose_engines()
