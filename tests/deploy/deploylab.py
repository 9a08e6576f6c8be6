"""Deploy test fixtures: a three-router lab in-process, projects pointing at it, SSH reads.

Test modules import the ``*_fixture`` functions from here. Router state is reset after each
test; each test gets its own project folder and database.
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
from netauto.db.models import OperationLog

_ROOT = Path(__file__).resolve().parent.parent / "conftest.py"
_spec = importlib.util.spec_from_file_location("netauto_tests_root_conftest", _ROOT)
assert _spec is not None and _spec.loader is not None
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
write_project = _root.write_project

REPO = Path(__file__).resolve().parents[2]
TIMEOUTS = {"connect_timeout": 5, "command_timeout": 15, "retries": 1}
NTP = ["192.0.2.10", "192.0.2.11"]


@pytest.fixture(scope="module", name="fleet")
def fleet_fixture() -> Iterator[Any]:
    from netauto.lab.fleet import start_fleet

    with start_fleet(count=3) as running:
        yield running


@pytest.fixture(autouse=True, name="fresh_fleet")
def fresh_fleet_fixture(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "fleet" in request.fixturenames:
        request.getfixturevalue("fleet").reset()


@dataclass
class Project:
    folder: Path
    config: Path
    database_url: str
    fleet: Any

    def run(self, command: str, *args: str, stdin: str | None = None) -> Result:
        from netauto.cli import cli

        arguments = [command, "--config", str(self.config), *args]
        return CliRunner().invoke(cli, arguments, input=stdin, catch_exceptions=False)

    def nornir(self, **kwargs: Any) -> Any:
        from netauto import init_nornir

        return init_nornir(self.config, **kwargs)

    def operations(self, operation_type: str) -> list[OperationLog]:
        with session_scope(self.database_url) as session:
            query = select(OperationLog).where(OperationLog.operation_type == operation_type)
            rows = list(session.scalars(query.order_by(OperationLog.created_at)))
            session.expunge_all()
        return rows


def make_project(
    folder: Path, database_url: str, fleet: Any, data: dict[str, dict[str, Any]] | None = None
) -> Project:
    hosts = {
        name: {
            "hostname": fleet.address(name),
            "port": fleet.port,
            "groups": ["routers"],
            "data": {"site": "lab", "ntp_servers": NTP, **(data or {}).get(name, {})},
        }
        for name in fleet.names
    }
    settings = {**TIMEOUTS, "templates_dir": str(REPO / "templates")}
    config = write_project(folder, database_url, hosts, settings)
    return Project(folder, config, database_url, fleet)


@pytest.fixture(name="project")
def project_fixture(tmp_path: Path, sqlite_url: str, fleet: Any) -> Project:
    return make_project(tmp_path, sqlite_url, fleet)


def show_running(fleet: Any, name: str) -> str:
    """``show running-config`` over a plain netmiko session, independent of NAPALM."""
    from netmiko import ConnectHandler

    with ConnectHandler(
        device_type="cisco_ios",
        host=fleet.address(name),
        port=fleet.port,
        username="netauto",
        password="netauto-lab",
        secret="netauto-enable",
    ) as connection:
        return str(connection.send_command("show running-config"))


def config_body(text: str) -> list[str]:
    """The config lines, without the header and the change timestamps IOS adds."""
    return [
        line
        for line in text.splitlines()
        if line.strip()
        and not line.startswith(("Building configuration", "Current configuration", "! Last"))
        and not line.startswith("! NVRAM")
    ]


def changed_lines(before: str, after: str) -> set[str]:
    """``+line`` / ``-line`` for every config line added or removed."""
    old, new = config_body(before), config_body(after)
    return {f"-{line}" for line in old if line not in new} | {
        f"+{line}" for line in new if line not in old
    }
