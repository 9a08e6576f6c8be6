"""Fixtures of the web tests.

- ``web_config``: a project (config.yaml, an inventory of three loopback routers that are
  never connected to) on the seeded operations log of fixtures_db (SQLite and PostgreSQL),
  with one user per role (``accounts``).
- ``app``: the Flask app of that project, its live feed polling fast.
- ``as_role``: a factory of test clients logged in as a role (or anonymous with None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import argon2
import pytest
from fixtures_db import Seeded
from flask import Flask
from netauto_testing import many_hosts, write_project
from webtest import Account, Browserless, make_accounts

from netauto.db.devices import sync_inventory


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "NETAUTO_CONFIG",
        "NETAUTO_DATABASE_URL",
        "NETAUTO_USER",
        "NETAUTO_WEB_SECRET_KEY",
    ):
        monkeypatch.delenv(name, raising=False)


class _QuickHasher(argon2.PasswordHasher):
    """argon2id at its cheapest: the tests log in hundreds of times, not attackers."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def _quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(argon2, "PasswordHasher", _QuickHasher)


@pytest.fixture
def web_config(tmp_path: Path, seeded_oplog: Seeded) -> Path:
    hosts = {f"R{n}": spec for n, spec in zip((15, 16, 17), many_hosts(3).values(), strict=True)}
    config = write_project(tmp_path, seeded_oplog.url, hosts, {"backups_dir": "backups"})
    sync_inventory(seeded_oplog.url, [(n, str(h["hostname"]), "ios") for n, h in hosts.items()])
    return config


@pytest.fixture
def accounts(web_config: Path, seeded_oplog: Seeded) -> dict[str, Account]:
    return make_accounts(seeded_oplog.url)


@pytest.fixture
def app(web_config: Path, accounts: dict[str, Account]) -> Iterator[Flask]:
    from netauto.web import create_app

    application = create_app(web_config, feed={"poll": 0.1, "safety_poll": 1.0})
    yield application
    application.extensions["netauto"].feed.close()


@pytest.fixture
def as_role(app: Flask, accounts: dict[str, Account]) -> Callable[[str | None], Browserless]:
    def make(role: str | None) -> Browserless:
        client = Browserless(app)
        if role is not None:
            response = client.login(accounts[role].email)
            assert response.status_code == 302, response.text
        return client

    return make
