"""Test helpers shared by every test folder: project folders, the lab project, config reads.

Import what you need (``from netauto_testing import make_project, write_project``); tests/ is
on the path of every test module. The fixtures built on these (``fleet``, ``fleet_size``,
``project_options``, ``project``) are in fixtures_lab.py, a plugin loaded by tests/conftest.py.

- ``write_project``: a project folder (config.yaml, inventory) for a database URL.
- ``many_hosts``: an inventory of routers on loopback addresses, never connected to.
- ``make_project``: a project whose inventory is a running fleet; returns a ``Project``, which
  runs CLI commands and reads the database (operations, runs, devices) and Nornir.
- ``TIMEOUTS`` (runbook tests) and ``DEPLOY_TIMEOUTS``; ``DEPLOY``: the ``make_project``
  options of the deploy tests (NTP servers on every router, the repository's templates).
- ``show_running``, ``config_body``, ``changed_lines``: a router's config over plain netmiko.
- ``copy_source``, ``build_wheel``: the package as a wheel, built from a copy of its sources
  (``build_wheel`` builds any project folder: the README's third-party runbook too).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result
from sqlalchemy import select

from netauto.db.engine import session_scope
from netauto.db.models import NetworkDevice, OperationLog, Run

REPO = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("NETAUTO_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")

# Short timeouts: a dead or hung router fails within seconds, not minutes.
TIMEOUTS: dict[str, Any] = {"connect_timeout": 3, "command_timeout": 6, "retries": 1}
# Deploys wait longer: NAPALM's commit, revert timer and rollback take several commands.
DEPLOY_TIMEOUTS: dict[str, Any] = {"connect_timeout": 5, "command_timeout": 15, "retries": 1}
NTP = ["192.0.2.10", "192.0.2.11"]
DEPLOY: dict[str, Any] = {
    "timeouts": DEPLOY_TIMEOUTS,
    "router_data": {"ntp_servers": NTP},
    "templates_dir": str(REPO / "templates"),
}


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
    # The skeleton's declared schedules (poll every 5m) would appear in every test's scheduler.
    config["user_defined"]["netauto"].pop("schedules", None)
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


@dataclass
class Project:
    """A project folder whose inventory is ``fleet``, with its own database."""

    folder: Path
    config: Path
    database_url: str
    fleet: Any

    @property
    def backups(self) -> Path:
        return self.folder / "backups"

    def run(self, command: str, *args: str, stdin: str | None = None) -> Result:
        """``netauto COMMAND --config CONFIG ARGS``; exceptions propagate."""
        from netauto.cli import cli

        arguments = [command, "--config", str(self.config), *args]
        return CliRunner().invoke(cli, arguments, input=stdin, catch_exceptions=False)

    def nornir(self, **kwargs: Any) -> Any:
        from netauto import init_nornir

        return init_nornir(self.config, **kwargs)

    def operations(self, operation_type: str | None = None) -> list[OperationLog]:
        """All operations-log rows by host; or, given a type, its rows oldest first."""
        with session_scope(self.database_url) as session:
            query = select(OperationLog)
            if operation_type is None:
                query = query.order_by(OperationLog.host)
            else:
                query = query.where(OperationLog.operation_type == operation_type)
                query = query.order_by(OperationLog.created_at)
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


def make_project(
    folder: Path,
    database_url: str,
    fleet: Any,
    data: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    router_data: Mapping[str, Any] | None = None,
    timeouts: Mapping[str, Any] = TIMEOUTS,
    **netauto: Any,
) -> Project:
    """A project in ``folder`` on ``database_url`` whose inventory is every router of ``fleet``.

    Each router's data is ``site: lab``, then ``router_data``, then ``data[router]``. The netauto
    settings are ``timeouts``, backups in ``folder/backups``, then ``netauto`` (e.g.
    ``templates_dir``, ``health``, ``ai``). ``**DEPLOY`` gives the deploy tests' options.
    """
    hosts: dict[str, dict[str, object]] = {
        name: {
            "hostname": fleet.address(name),
            "port": fleet.port,
            "groups": ["routers"],
            "data": {"site": "lab", **(router_data or {}), **(data or {}).get(name, {})},
        }
        for name in fleet.names
    }
    settings = {**timeouts, "backups_dir": str(folder / "backups"), **netauto}
    config = write_project(folder, database_url, hosts, settings)
    return Project(folder, config, database_url, fleet)


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


def configure_router(project: Project, name: str, lines: list[str]) -> None:
    """Change a router's config over SSH, the way an engineer would (plain netmiko)."""
    from netmiko import ConnectHandler

    with ConnectHandler(
        device_type="cisco_ios",
        host=project.fleet.address(name),
        port=project.fleet.port,
        username="netauto",
        password="netauto-lab",
        secret="netauto-enable",
    ) as connection:
        connection.enable()
        connection.send_config_set(lines)


def copy_source(source: Path) -> Path:
    """What the wheel is built from: the three package folders and the build files."""
    for name in ("netauto", "tasks", "plugins"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(REPO / name, source / name)
    return source


def build_wheel(source: Path, dist: Path, pattern: str = "netauto-*.whl") -> Path:
    """The wheel of the project in ``source`` (no isolation: this environment's setuptools)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(source),
        ],
        check=True,
    )
    return next(dist.glob(pattern))
