"""Hardening (issue 30), secrets in getters' results: masked in stdout, log, database, spool."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from netauto_testing import DEPLOY_TIMEOUTS, configure_router, make_project
from sqlalchemy import inspect, text

from netauto.cli import cli
from netauto.db.engine import get_engine
from netauto.tasks._getters import GETTERS

CANARIES = ("CanaryComm30", "CanaryRw30x", "CanaryPw30y", "CanarySec30z", "CanaryEn30a")
CONFIG = [
    "snmp-server community CanaryComm30 RO",
    "snmp-server community CanaryRw30x RW",
    "username bob privilege 15 password 0 CanaryPw30y",
    "username carl secret 0 CanarySec30z",
    "enable password CanaryEn30a",
    "snmp-server host 192.0.2.9 version 2c CanaryHost30",
    "ntp authentication-key 1 md5 CanaryNtp30",
    "tacacs-server host 192.0.2.8 key CanaryTac30",
]
EVERY_CANARY = (*CANARIES, "CanaryHost30", "CanaryNtp30", "CanaryTac30")


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 1


def _dump(url: str) -> str:
    """Every value of every table, in full (a Row's repr cuts long values)."""
    with get_engine(url).connect() as connection:
        tables = inspect(connection).get_table_names()
        return "\n".join(
            str(tuple(row))
            for name in tables
            for row in connection.execute(text(f"SELECT * FROM {name}"))
        )


def _facts(config: Path, getters: str) -> Any:
    arguments = ["--debug", "facts", "--config", str(config), "--json"]
    return CliRunner().invoke(cli, [*arguments, "--getter", getters])


def test_getter_secrets_never_printed_logged_stored_or_spooled(
    fleet: Any, oplog_url: str, tmp_path: Path
) -> None:
    project = make_project(tmp_path, oplog_url, fleet, timeouts=DEPLOY_TIMEOUTS)  # 18 getters
    configure_router(project, "R15", CONFIG)
    result = _facts(project.config, ",".join(GETTERS))  # every getter netauto offers
    assert result.exit_code == 0, result.output
    data = next(iter(yaml.safe_load(result.stdout)))
    # What the getters say stays readable: the users, a community's mode, not its name.
    assert data["users"]["bob"] == {"level": 15, "password": "<removed>", "sshkeys": []}
    assert sorted(v["mode"] for v in data["snmp_information"]["community"].values()) == [
        "ro",
        "rw",
    ]
    stored = _dump(project.database_url)
    assert "bob" in stored and "<removed>" in stored
    # The database down: the same results go to the spool, masked the same way.
    config = yaml.safe_load(project.config.read_text())
    config["user_defined"]["netauto"]["database_url"] = (
        "postgresql+psycopg://postgres@127.0.0.1:1/x"
    )
    project.config.write_text(yaml.safe_dump(config))
    spooled = _facts(project.config, "snmp_information,users")
    assert spooled.exit_code == 0, spooled.output
    spool = (tmp_path / "spool.jsonl").read_text()
    assert '"users"' in spool
    for canary in EVERY_CANARY:
        for place in (result.stdout, result.stderr, stored, spooled.stdout, spooled.stderr, spool):
            assert canary not in place, canary


def test_mask_data_walks_keys_and_values() -> None:
    from netauto.secrets import mask_data

    answer = {
        "snmp": {"community": {"CanaryComm30": {"acl": "N/A"}, "CanaryRw30x": {"acl": "7"}}},
        "users": [{"name": "bob", "password": "CanaryPw30y", "sshkeys": ["ssh-rsa AAAA"]}],
        "tacacs": {"server_key": "CanarySec30z", "note": "the key is CanarySec30z"},
        "config": "snmp-server community CanaryComm30 RO\nntp server 192.0.2.1",
        "mask_secrets": True,
    }
    masked = mask_data(answer)
    assert not any(canary in str(masked) for canary in CANARIES)
    assert masked["snmp"]["community"] == {"<removed>": {"acl": "N/A"}, "<removed 2>": {"acl": "7"}}
    assert masked["users"][0]["sshkeys"] == ["ssh-rsa AAAA"] and masked["mask_secrets"] is True
    assert masked["config"].endswith("ntp server 192.0.2.1")
    # Masked twice (the facts runbook, then the report's gate or the store's): the same.
    assert mask_data(masked) == masked and mask_data(masked, text=str) == masked
