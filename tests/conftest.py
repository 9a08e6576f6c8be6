"""Shared fixtures: a throwaway PostgreSQL database, a project folder with its own config."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from netauto.db.engine import dispose_engines

pytest_plugins = ["fixtures_db"]

REPO = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("NETAUTO_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


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

    yield make
    dispose_engines()
    for name in created:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[attr-defined]
    admin.close()  # type: ignore[attr-defined]


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


def write_project(
    folder: Path,
    database_url: str,
    hosts: dict[str, dict[str, object]] | None = None,
    netauto: dict[str, object] | None = None,
) -> Path:
    """A project folder with config.yaml and an inventory; returns the config file."""
    inventory = folder / "inventory"
    inventory.mkdir(parents=True, exist_ok=True)
    for name in ("groups.yaml", "defaults.yaml"):
        shutil.copy(REPO / "inventory" / name, inventory / name)
    if hosts is None:
        shutil.copy(REPO / "inventory" / "hosts.yaml", inventory / "hosts.yaml")
    else:
        (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config["user_defined"]["netauto"].update(
        {"database_url": database_url, "spool_file": str(folder / "spool.jsonl")},
        **(netauto or {}),
    )
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def many_hosts(count: int) -> dict[str, dict[str, object]]:
    """An inventory of ``count`` routers on loopback addresses (never connected to)."""
    return {
        f"R{i}": {"hostname": f"127.1.{i // 250}.{i % 250 + 1}", "groups": ["routers"]}
        for i in range(count)
    }
