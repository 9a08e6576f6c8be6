"""``netauto db backup`` / ``restore``: a round trip on SQLite and on PostgreSQL.

A seeded operations log is backed up (the library, then the command), restored into a second
database of the test's own (empty, then one with the schema and no rows, then one with data
and --force), and the rows compared.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from fixtures_db import seed

from netauto.accounts import add_user
from netauto.cli import cli
from netauto.db import migrate
from netauto.db.backup import backup, restore
from netauto.db.devices import sync_inventory
from netauto.db.direct import Database
from netauto.exceptions import UsageError

TABLES = ("runs", "operations_log", "network_devices", "users")


def _contents(url: str) -> dict[str, list[str]]:
    database = Database.connect(url)
    try:
        return {
            table: sorted(str(row[0]) for row in database.rows(f"SELECT id FROM {table}"))
            for table in TABLES
        }
    finally:
        database.close()


def _config(folder: Path, url: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    section = {"database_url": url, "spool_file": str(folder / "spool.jsonl")}
    path.write_text(yaml.safe_dump({"user_defined": {"netauto": section}}))
    return str(path)


def _netauto(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def second_url(
    database_url: str, tmp_path: Path, postgres_server: Callable[[], str]
) -> Callable[[], str]:
    made = iter(range(100))

    def make() -> str:
        if database_url.startswith("sqlite"):
            return f"sqlite:///{tmp_path / f'restored-{next(made)}.db'}"
        return postgres_server()

    return make


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NETAUTO_CONFIG", "NETAUTO_DATABASE_URL", "NETAUTO_USER"):
        monkeypatch.delenv(name, raising=False)


def test_round_trip(database_url: str, second_url: Callable[[], str], tmp_path: Path) -> None:
    migrate.upgrade(database_url)
    seed(database_url)
    sync_inventory(database_url, [("R15", "127.0.0.15", "ios"), ("R16", "127.0.0.16", "ios")])
    add_user(database_url, "alice@example.com", "admin", actor="test", username="alice")
    original = _contents(database_url)
    assert all(original.values())

    made = backup(database_url, tmp_path / "netauto.backup")
    assert made.revision == migrate.HEAD and made.size > 0
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]

    # Into an empty database (nothing there yet), with the command.
    empty = second_url()
    if empty.startswith("sqlite"):
        assert not Path(empty.removeprefix("sqlite:///")).exists()
    result = _netauto("db", "restore", str(made.path), "--config", _config(tmp_path / "a", empty))
    assert result.exit_code == 0, result.output
    assert f"(revision {migrate.HEAD})" in result.output
    assert _contents(empty) == original

    # Over data: refused (one line, exit 2, nothing changed), then --force.
    other = second_url()
    migrate.upgrade(other)
    restore(other, made.path)  # the schema alone is no data
    assert _contents(other) == original
    database = Database.connect(other)
    database.execute("DELETE FROM operations_log")
    database.close()
    config = _config(tmp_path / "b", other)
    refused = _netauto("db", "restore", str(made.path), "--config", config)
    assert refused.exit_code == 2
    assert refused.output.strip().count("\n") == 0
    assert "holds data" in refused.output and "--force" in refused.output
    assert _contents(other)["operations_log"] == []
    forced = _netauto("db", "restore", str(made.path), "--force", "--config", config)
    assert forced.exit_code == 0, forced.output
    assert _contents(other) == original

    # The command's backup of the restored copy restores the same rows.
    again = tmp_path / "again.backup"
    made_again = _netauto("db", "backup", str(again), "--config", config)
    assert made_again.exit_code == 0, made_again.output
    assert "owner-only" in made_again.output and stat.S_IMODE(again.stat().st_mode) == 0o600
    assert "password" not in made_again.output
    restore(empty, again, force=True)
    assert _contents(empty) == original


def test_refusals(sqlite_url: str, postgres_url: str, tmp_path: Path) -> None:
    migrate.upgrade(sqlite_url)
    made = backup(sqlite_url, tmp_path / "lite.backup")
    with pytest.raises(UsageError, match=r"is a sqlite backup; the database .* is postgresql"):
        restore(postgres_url, made.path)
    garbage = tmp_path / "garbage.backup"
    garbage.write_text("hello")
    config = _config(tmp_path / "c", sqlite_url)
    result = _netauto("db", "restore", str(garbage), "--config", config)
    assert (result.exit_code, result.output.strip()) == (
        2,
        f"Error: {garbage} is not a netauto backup (neither pg_dump's nor SQLite's)",
    )
    result = _netauto("db", "backup", str(tmp_path / "missing" / "x"), "--config", config)
    assert result.exit_code == 2 and "is not a folder" in result.output
    nothing = _config(tmp_path / "d", f"sqlite:///{tmp_path / 'none.db'}")
    result = _netauto("db", "backup", str(tmp_path / "x"), "--config", nothing)
    assert result.exit_code == 2 and "no SQLite database at" in result.output
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "x").exists()
    # A cut pg_dump file is refused before the database is touched (exit 2), and a database
    # that holds data names the parameter that replaces it.
    migrate.upgrade(postgres_url)
    whole = backup(postgres_url, tmp_path / "pg.backup").path
    cut = tmp_path / "cut.backup"
    cut.write_bytes(whole.read_bytes()[:3000])
    with pytest.raises(UsageError, match=r"cut.backup is not a whole pg_dump backup \(.+\)$"):
        restore(postgres_url, cut, force=True)
    added = _netauto("users", "add", "ann@example.com", "--role", "admin", "--config", config)
    assert added.exit_code == 0, added.output
    result = _netauto("db", "restore", str(made.path), "--config", config)
    assert result.exit_code == 2 and "): restore over it with --force" in result.output, (
        result.output
    )
