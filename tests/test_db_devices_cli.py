"""`netauto db` and `netauto devices` through the real CLI group, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner, Result

from netauto.cli import cli
from netauto.db import migrate
from netauto.db.devices import sync_inventory, update_device
from netauto.db.migrate import HEAD

UNREACHABLE = "postgresql+psycopg://netauto:s3cret@127.0.0.1:1/netauto"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def assert_one_line_error(result: Result, code: int, text: str) -> None:
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Error: ") and text in lines[-1], result.output
    assert "Traceback" not in result.output


def test_a_fresh_project_needs_no_setup(tmp_path: Path, config_for) -> None:
    config = config_for("sqlite:///fresh/netauto.db")
    result = run("ops", "list", "--config", config)
    assert (result.exit_code, result.output) == (0, "No operations match.\n")
    assert (tmp_path / "fresh" / "netauto.db").exists()
    assert run("devices", "list", "--config", config).exit_code == 0


def test_db_upgrade_and_current(tmp_path: Path, config_for) -> None:
    config = config_for("sqlite:///netauto.db")
    url = f"sqlite:///{tmp_path / 'netauto.db'}"
    result = run("db", "current", "--config", config)
    assert result.exit_code == 1
    assert result.output == f"database {url} has no schema (run: netauto db upgrade)\n"
    result = run("db", "upgrade", "--config", config)
    assert (result.exit_code, result.output) == (0, f"database {url} at revision {HEAD}\n")
    assert run("db", "upgrade", "--config", config).output == result.output
    result = run("db", "current", "--config", config)
    assert (result.exit_code, result.output) == (0, f"database {url} at revision {HEAD}\n")


def test_db_upgrade_on_postgresql(pg_database_url: str, config_for) -> None:
    config = config_for(pg_database_url)
    result = run("db", "upgrade", "--config", config)
    assert result.output == f"database {pg_database_url} at revision {HEAD}\n"
    assert run("db", "current", "--config", config).exit_code == 0


def test_db_errors_hide_the_password(tmp_path: Path, config_for) -> None:
    config = config_for(UNREACHABLE)
    for command in ("upgrade", "current"):
        result = run("db", command, "--config", config)
        assert_one_line_error(result, 1, "127.0.0.1:1")
        assert "s3cret" not in result.output and "***" in result.output
    assert_one_line_error(run("ops", "list", "--config", config), 1, "cannot reach the database")


def test_devices_list(oplog_url: str, oplog_config: Path) -> None:
    sync_inventory(oplog_url, [("R15", "127.0.0.15", "ios"), ("R16", "127.0.0.16", "ios")])
    seen = datetime(2026, 11, 25, 10, 15, tzinfo=UTC)
    update_device(
        oplog_url, "R15", status="online", model="CSR1000V", uptime_seconds=90061, last_seen=seen
    )
    result = run("devices", "list", "--config", oplog_config)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "name", "address", "platform", "status", "model", "uptime", "last_seen"
    ]  # fmt: skip
    assert lines[1].split()[:7] == ["R15", "127.0.0.15", "ios", "online", "CSR1000V", "1d", "1h"]
    assert lines[2].split() == ["R16", "127.0.0.16", "ios", "unknown", "unknown", "-", "never"]
    assert lines[-1] == "2 devices: 1 online, 1 unknown."

    result = run("devices", "list", "--config", oplog_config, "--json", "--status", "online")
    data = json.loads(result.output)
    assert [(row["name"], row["address"], row["uptime_seconds"]) for row in data] == [
        ("R15", "127.0.0.15", 90061)
    ]
    assert datetime.fromisoformat(data[0]["last_seen"]) == seen
    uuid.UUID(data[0]["id"])


def test_help_stays_light() -> None:
    code = (
        "import sys\n"
        "import netauto.cli.commands.ops, netauto.cli.commands.db, netauto.cli.commands.devices\n"
        "heavy = [m for m in ('rich', 'sqlalchemy', 'alembic') if m in sys.modules]\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    result = run("--help")
    assert all(name in result.output for name in ("db ", "devices ", "ops "))


def test_db_current_says_when_the_schema_is_behind(tmp_path: Path, config_for) -> None:
    config = config_for("sqlite:///netauto.db")
    migrate.upgrade(f"sqlite:///{tmp_path / 'netauto.db'}", "0001")
    result = run("db", "current", "--config", config)
    assert result.exit_code == 1
    assert result.output.endswith(f"at revision 0001, newest is {HEAD} (netauto db upgrade)\n")
    assert run("db", "upgrade", "--config", config).output.endswith(f"at revision {HEAD}\n")
