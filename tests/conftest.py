"""Shared fixtures: throwaway databases (SQLite, PostgreSQL) and the plugins for the rest.

fixtures_db.py (a migrated operations log), fixtures_ai.py (the AI provider stub) and
fixtures_lab.py (the simulated fleet, a project pointing at it) are loaded as plugins; plain
helpers (write_project, many_hosts, make_project, configure_router, ...) are imported from
netauto_testing.py, never from this file.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from netauto_testing import PG_SERVER

from netauto.db.engine import dispose_engines

pytest_plugins = ["fixtures_db", "fixtures_lab", "fixtures_ai"]

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config: pytest.Config) -> None:
    """Our warnings are errors; dependencies' known import-time ones are filtered exactly."""
    from netauto.depwarnings import PYTEST_FILTERS

    for line in PYTEST_FILTERS:
        config.addinivalue_line("filterwarnings", line)


def _admin_connect() -> object:
    import psycopg

    dsn = PG_SERVER.replace("postgresql+psycopg://", "postgresql://") + "/test"
    return psycopg.connect(dsn, autocommit=True, connect_timeout=5)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Callable[[], str]]:
    """A factory of fresh PostgreSQL databases, dropped at the end of the session.

    Without the server the tests skip, except in CI (CI=true), where they fail.
    """
    import psycopg

    try:
        admin = _admin_connect()
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL unreachable at {PG_SERVER}: {str(exc).strip().splitlines()[0]}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    created: list[str] = []

    def make() -> str:
        name = f"netauto_test_{uuid.uuid4().hex[:12]}"
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[attr-defined]
        created.append(name)
        return f"{PG_SERVER}/{name}"

    try:
        yield make
        dispose_engines()
        _drop_databases(created)
    finally:
        admin.close()  # type: ignore[attr-defined]


def _drop_databases(names: list[str], connections: int = 4) -> None:
    """DROP DATABASE mostly waits (for every backend to release the files), not works: a
    session's hundred databases go on a few connections at once (a third of the time)."""
    from concurrent.futures import ThreadPoolExecutor

    def drop(share: list[str]) -> None:
        with _admin_connect() as admin:  # type: ignore[attr-defined]
            for name in share:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    with ThreadPoolExecutor(connections) as pool:
        shares = [names[i::connections] for i in range(connections)]
        list(pool.map(drop, [share for share in shares if share]))


@pytest.fixture
def postgres_url(postgres_server: Callable[[], str]) -> str:
    return postgres_server()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'netauto.db'}"
    dispose_engines()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test using it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'netauto.db'}"
    else:
        yield request.getfixturevalue("postgres_server")()
    dispose_engines()
