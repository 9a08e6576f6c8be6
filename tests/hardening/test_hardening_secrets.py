"""Hardening, secrets: canaries never reach a stored or printed place; secret files 0600."""

from __future__ import annotations

import stat
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from netauto_testing import DEPLOY, Project, show_running
from sqlalchemy import inspect, select, text

from netauto.cli import cli
from netauto.db.engine import get_engine, session_scope
from netauto.db.snapshots import ConfigSnapshot

CANARIES = ("CanaryKs5x", "CanaryNo4x", "CanarySnap6", "CanaryAi7x", "CanaryIntent8")


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 1


@pytest.fixture(scope="module")
def project_options() -> dict[str, Any]:
    return DEPLOY


def _dump(url: str) -> str:
    """Every value of every table, as text (in full: a Row's repr cuts long values)."""
    with get_engine(url).connect() as connection:
        tables = inspect(connection).get_table_names()
        return "\n".join(
            str(tuple(row))
            for name in tables
            for row in connection.execute(text(f"SELECT * FROM {name}"))
        )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _deploy(project: Project, tmp_path: Path, config: str, *args: str) -> Any:
    candidate = tmp_path / f"{uuid.uuid4().hex[:6]}.cfg"
    candidate.write_text(config)
    runner = CliRunner()
    arguments = ["--debug", "deploy", "--config", str(project.config), "-f", str(candidate)]
    return runner.invoke(cli, [*arguments, *args])


def test_canaries_never_stored_or_printed_and_rollback_restores_them(
    project: Project, tmp_path: Path
) -> None:
    outputs = []
    for config in ("snmp-server community CanaryNo4x RO\n", "ntp server 192.0.2.99\n"):
        result = _deploy(project, tmp_path, config, "--commit", "-y")
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    # The snapshot of the second change holds the community as a placeholder only.
    with session_scope(project.database_url) as session:
        configs = [row.config for row in session.scalars(select(ConfigSnapshot))]
    assert any("snmp-server community <SECRET_" in config for config in configs)
    # No NETAUTO_SECRET_KEY: the rollback takes the secret back from the router's own line.
    rollback = project.run("rollback", "--commit", "--yes")
    assert rollback.exit_code == 0, rollback.output
    running = show_running(project.fleet, "R15")
    assert "snmp-server community CanaryNo4x RO" in running
    assert "ntp server 192.0.2.99" not in running and "<SECRET_" not in running
    # A "no" form of a secret line, and a secret line the router rejects (echoed in the error).
    for bad in ("no snmp-server community CanaryNo4x RO\n", "key-string 7 CanaryKs5x\n"):
        result = _deploy(project, tmp_path, bad, "--commit", "-y")
        outputs.append(result.output)
    assert "% Invalid input" in result.output and result.exit_code == 1
    assert "CanaryNo4x" not in show_running(project.fleet, "R15")
    stored = _dump(project.database_url)
    spool = project.folder / "spool.jsonl"
    for canary in ("CanaryKs5x", "CanaryNo4x"):
        assert canary not in stored, canary
        assert not any(canary in output for output in outputs), canary
        assert not spool.exists() or canary not in spool.read_text()


def test_ai_conversation_rows_hold_no_secret(project: Project) -> None:
    from netauto.ai.loop import Generation
    from netauto.ai.providers import Message
    from netauto.ai.record import save_conversation
    from netauto.db.migrate import ensure_schema

    ensure_schema(project.database_url)
    answer = "snmp-server community CanaryAi7x RO\nntp server 192.0.2.1"
    generation = Generation(
        host="R15",
        intent="use the community CanaryIntent8:\nsnmp-server community CanaryIntent8 RO",
        messages=[Message("user", "add snmp"), Message("assistant", answer)],
    )
    save_conversation(project.database_url, "carol", "s1", generation)
    stored = _dump(project.database_url)
    assert "ntp server 192.0.2.1" in stored
    assert "CanaryAi7x" not in stored and "CanaryIntent8" not in stored


def test_files_that_can_hold_secrets_are_owner_only(project: Project, tmp_path: Path) -> None:
    config = yaml.safe_load(project.config.read_text())
    config["user_defined"]["netauto"]["database_url"] = f"sqlite:///{tmp_path}/new/oplog.db"
    config["user_defined"]["netauto"]["generated_dir"] = str(tmp_path / "generated")
    project.config.write_text(yaml.safe_dump(config))
    assert project.run("backup").exit_code == 0
    assert project.run("render", "-t", "ios/ntp.j2", "-q").exit_code == 0
    assert _mode(tmp_path / "new") == 0o700 and _mode(tmp_path / "new" / "oplog.db") == 0o600
    assert _mode(project.backups) == 0o700 and _mode(project.backups / "R15.cfg") == 0o600
    objects = [p for p in (project.backups / ".git" / "objects").rglob("*") if p.is_file()]
    assert objects and all(_mode(p) & 0o077 == 0 for p in objects)
    assert _mode(tmp_path / "generated") == 0o700
    assert _mode(tmp_path / "generated" / "render" / "R15.cfg") == 0o600


def test_a_secret_echoed_in_pieces_stays_masked_in_debug_logs() -> None:
    # netmiko logs the line it sends, then the router's echo as it reads it: under load the
    # echo can arrive without the keyword that marks the secret. (A flaky leak in --debug.)
    from netauto.secrets import MessageMasker, mask_message

    sent = "write_channel: b'key-string 7 CanaryEcho9\\n'"
    echo = "read_channel: 7 CanaryEcho9\nR15(config-keychain-key)#"
    assert "CanaryEcho9" in mask_message(echo)  # one message alone cannot tell
    masker = MessageMasker()
    assert "CanaryEcho9" not in masker(sent)
    assert masker(echo) == "read_channel: 7 <removed>\nR15(config-keychain-key)#"
