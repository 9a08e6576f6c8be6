"""Runbook test fixtures: the simulated fleet in-process, a project pointing at it.

Test modules import the ``*_fixture`` functions from here (a conftest.py of our own would
replace the shared one under the module name ``conftest``).

The fleet (11 routers, real SSH) runs for the whole module; faults are cleared and router
state reset after each test. Each test gets its own project folder, database and backups.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from netauto.db.engine import session_scope
from netauto.db.models import NetworkDevice, OperationLog, Run

_ROOT = Path(__file__).resolve().parent.parent / "conftest.py"
_spec = importlib.util.spec_from_file_location("netauto_tests_root_conftest", _ROOT)
assert _spec is not None and _spec.loader is not None
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
write_project = _root.write_project

# Short timeouts: a dead or hung router fails within seconds, not minutes.
TIMEOUTS = {"connect_timeout": 3, "command_timeout": 6, "retries": 1}


@pytest.fixture(scope="module", name="fleet")
def fleet_fixture() -> Iterator[Any]:
    from netauto.lab.fleet import start_fleet

    with start_fleet(count=11) as running:
        yield running


@pytest.fixture(autouse=True, name="healthy_fleet")
def healthy_fleet_fixture(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "fleet" in request.fixturenames:
        running = request.getfixturevalue("fleet")
        running.reset()


@dataclass
class Project:
    folder: Path
    config: Path
    database_url: str
    fleet: Any

    @property
    def backups(self) -> Path:
        return self.folder / "backups"

    def run(self, command: str, *args: str) -> Result:
        from netauto.cli import cli

        runner = CliRunner()
        arguments = [command, "--config", str(self.config), *args]
        return runner.invoke(cli, arguments, catch_exceptions=False)

    def operations(self, runbook: str | None = None) -> list[OperationLog]:
        with session_scope(self.database_url) as session:
            query = select(OperationLog).order_by(OperationLog.host)
            rows = list(session.scalars(query))
            session.expunge_all()
        return rows

    def runs(self) -> list[Run]:
        with session_scope(self.database_url) as session:
            rows = list(session.scalars(select(Run).order_by(Run.started_at)))
            session.expunge_all()
        return rows

    def devices(self) -> dict[str, NetworkDevice]:
        with session_scope(self.database_url) as session:
            rows = list(session.scalars(select(NetworkDevice)))
            session.expunge_all()
        return {row.name: row for row in rows}


def make_project(folder: Path, database_url: str, fleet: Any, **netauto: Any) -> Project:
    hosts = {
        name: {
            "hostname": fleet.address(name),
            "port": fleet.port,
            "groups": ["routers"],
            "data": {"site": "lab"},
        }
        for name in fleet.names
    }
    settings = {**TIMEOUTS, "backups_dir": str(folder / "backups"), **netauto}
    config = write_project(folder, database_url, hosts, settings)
    return Project(folder, config, database_url, fleet)


@pytest.fixture(name="project")
def project_fixture(tmp_path: Path, sqlite_url: str, fleet: Any) -> Project:
    return make_project(tmp_path, sqlite_url, fleet)
