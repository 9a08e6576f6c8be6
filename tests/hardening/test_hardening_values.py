"""Hardening, bad values: one line naming what is wrong, exit 2, no traceback, no router."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from netauto_testing import many_hosts, write_project

from netauto.cli import cli

Setup = Callable[[Path], list[str]]


def _settings(**netauto: Any) -> Setup:
    def setup(folder: Path) -> list[str]:
        config = folder / "config.yaml"
        document = yaml.safe_load(config.read_text())
        document["user_defined"]["netauto"].update(netauto)
        config.write_text(yaml.safe_dump(document))
        return ["check"]

    return setup


def _host(**values: Any) -> Setup:
    def setup(folder: Path) -> list[str]:
        hosts = many_hosts(2)
        hosts["R0"].update(values)
        (folder / "inventory" / "hosts.yaml").write_text(yaml.safe_dump(hosts))
        return ["check"]

    return setup


def _args(*args: str) -> Setup:
    return lambda folder: [arg.format(folder=folder) for arg in args]


def _file(name: str, data: bytes, *args: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        (folder / name).write_bytes(data)
        return [arg.format(folder=folder) for arg in args]

    return setup


def _duplicate_host(folder: Path) -> list[str]:
    hosts = folder / "inventory" / "hosts.yaml"
    hosts.write_text(hosts.read_text() + "R0:\n  hostname: 127.1.0.9\n")
    return ["check"]


def _backups_file(folder: Path) -> list[str]:
    (folder / "backups-file").write_text("")
    _settings(backups_dir=str(folder / "backups-file"))(folder)
    return ["backup"]


CASES: dict[str, tuple[Setup, str]] = {
    "huge timeout": (_settings(connect_timeout=1e300), "connect_timeout must be a number"),
    "huge workers setting": (_settings(num_workers=10**9), "num_workers must be an integer"),
    "huge --workers": (_args("check", "--workers", "99999999999"), "workers must be 1 to 1000"),
    "--since out of range": (_args("ops", "list", "--since", "99999999999d"), "out of range"),
    "--since year 1": (_args("ops", "list", "--since", "0001-01-01"), "out of range"),
    "--days out of range": (_args("ops", "stats", "--days", "3000000"), "--days"),
    "port not a number": (_host(port="abc"), "port 'abc' is not a TCP port number"),
    "backups folder is a file": (_backups_file, "backups-file is a file"),
    "binary deploy file": (
        _file("bin.cfg", b"\xff\xfe\x00\x01", "deploy", "-f", "{folder}/bin.cfg"),
        "bin.cfg: not UTF-8 text",
    ),
    "NUL in deploy file": (
        _file("nul.cfg", b"ntp server 192.0.2.1\x00\n", "deploy", "-f", "{folder}/nul.cfg"),
        "holds NUL bytes",
    ),
    "binary template": (
        _file("bin.j2", b"\xff\xfe\x00", "render", "-t", "{folder}/bin.j2"),
        "bin.j2: not UTF-8 text",
    ),
    "duplicate host": (_duplicate_host, "hosts.yaml line 9: 'R0' appears twice (first at line 1)"),
    "corrupt SQLite file": (
        _file("netauto.db", b"garbage" * 100, "ops", "list"),
        "netauto.db is not a SQLite database",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_value_is_one_line_and_exit_2(case: str, tmp_path: Path) -> None:
    setup, message = CASES[case]
    config = write_project(tmp_path, f"sqlite:///{tmp_path / 'netauto.db'}", many_hosts(2))
    arguments = setup(tmp_path)
    result = CliRunner().invoke(cli, [*arguments, "--config", str(config)])
    assert result.exit_code == 2, result.output
    assert not result.exception or isinstance(result.exception, SystemExit), result.exception
    # One line of ours (click adds its usage lines to a bad option, as for any option).
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and message in lines[0], result.output
    assert "Traceback" not in result.output
