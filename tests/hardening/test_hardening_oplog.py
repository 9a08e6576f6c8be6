"""Hardening, the operations log never goes silent: bad spool lines, dead writer, bad URLs."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from netauto_testing import Project

from netauto.cli import cli
from netauto.db.records import OpRecord
from netauto.oplog.spool import Spool


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


def _logins(fleet: Any) -> int:
    return sum(fleet.core.server(name).state.logins for name in fleet.names)


def _set(project: Project, **netauto: Any) -> None:
    config = yaml.safe_load(project.config.read_text())
    config["user_defined"]["netauto"].update(netauto)
    project.config.write_text(yaml.safe_dump(config))


def _spool_with_a_truncated_line(path: Path) -> uuid.UUID:
    """A spool holding one good record, then a line a crash cut in the middle."""
    good = OpRecord(uuid.uuid4(), "health_check", "success", host="R15")
    Spool(path).append([good])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"id": "7d1c", "kind": "op", "operation_type": "config_')
    return good.id


def test_truncated_spool_line_is_quarantined_and_the_run_recorded(project: Project) -> None:
    spool = project.folder / "spool.jsonl"
    good = _spool_with_a_truncated_line(spool)
    result = project.run("facts", "--json")
    assert result.exit_code == 0, result.output
    assert "1 unreadable line of the spool" in result.stderr
    bad = Path(f"{spool}.bad").read_text()
    assert bad.startswith('{"id": "7d1c"') and Spool(spool).pending() == 0
    rows = project.operations()
    assert {row.host for row in rows if row.operation_type == "facts"} == {"R15", "R16"}
    assert good in {row.id for row in rows}
    assert [run.status for run in project.runs()] == ["success"]


def test_writer_that_loses_results_fails_the_run(project: Project) -> None:
    """Database down and the spool cannot be written: exit 1 and say so, never exit 0."""
    blocker = project.folder / "not-a-folder"
    blocker.write_text("")
    _set(
        project,
        database_url="postgresql+psycopg://postgres@127.0.0.1:1/none",
        spool_file=str(blocker / "spool.jsonl"),
    )
    result = project.run("facts", "--json")
    assert result.exit_code == 1, result.output
    assert "Error: operations log failed: database unreachable" in result.stderr
    assert "results not recorded" in result.stderr  # 2 routers, 2 results at least


@pytest.mark.parametrize(
    "url, message",
    [
        ("foo://bar", "unsupported database URL"),
        ("mysql://user@host/db", "unsupported database URL"),
        ("mysql://user:S3cretPw@host/db", "unsupported database URL mysql://user:***@host"),
        ("no url at all", "invalid database URL"),
        ("sqlite:///{folder}/not-a-folder/x/netauto.db", "is not a writable folder"),
        ("sqlite:///{folder}/corrupt.db", "is not a SQLite database"),
    ],
)
def test_garbage_database_url_is_exit_2_before_any_router(
    project: Project, url: str, message: str
) -> None:
    (project.folder / "not-a-folder").write_text("")
    (project.folder / "corrupt.db").write_bytes(b"this is not a database\n" * 10)
    _set(project, database_url=url.format(folder=project.folder))
    logins = _logins(project.fleet)
    result = project.run("facts")
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and "S3cretPw" not in result.output
    assert _logins(project.fleet) == logins


def test_ops_replay_reports_bad_lines(tmp_path: Path, sqlite_url: str) -> None:
    config = tmp_path / "config.yaml"
    spool = tmp_path / "spool.jsonl"
    section = {"database_url": sqlite_url, "spool_file": str(spool)}
    config.write_text(yaml.safe_dump({"user_defined": {"netauto": section}}))
    _spool_with_a_truncated_line(spool)
    with open(spool, "a", encoding="utf-8") as handle:
        handle.write("\n" + json.dumps(["not", "a", "record"]) + "\n")
    result = CliRunner().invoke(cli, ["ops", "replay", "--config", str(config)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.output
    assert "Replayed 1 record into" in result.output
    assert "2 unreadable lines of the spool" in result.output
    assert Spool(spool).pending() == 0
