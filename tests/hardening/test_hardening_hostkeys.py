"""Hardening, SSH host keys: checked against a known_hosts file, a changed key fails the host."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import paramiko
import pytest
import yaml
from netauto_testing import Project


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 2


def _use(project: Project, **ssh: str) -> None:
    config = yaml.safe_load(project.config.read_text())
    config["user_defined"]["netauto"]["ssh"] = ssh
    project.config.write_text(yaml.safe_dump(config))


def _facts(project: Project) -> tuple[int, dict[str, str]]:
    result = project.run("facts", "--getter", "facts", "--json")
    rows = json.loads(result.stdout[result.stdout.index("[") :])
    return result.exit_code, {row["host"]: row["detail"] for row in rows}


def _logins(fleet: Any, name: str) -> int:
    return int(fleet.core.server(name).state.logins)


def test_lab_known_hosts_is_used_out_of_the_box(project: Project) -> None:
    from netauto.hostkeys import lab_known_hosts

    entries = lab_known_hosts().read_text()
    assert f"[127.0.0.15]:{project.fleet.port} ssh-ed25519 " in entries
    code, details = _facts(project)
    assert code == 0, details


def test_unknown_key_is_refused_by_default(project: Project, tmp_path: Path) -> None:
    known = tmp_path / "known_hosts"
    known.write_text("")
    _use(project, known_hosts=str(known))
    code, details = _facts(project)
    assert code == 1
    port = project.fleet.port
    assert details["R15"] == (
        f"unknown host key of [127.0.0.15]:{port}: not in {known} (ssh.host_keys is reject); "
        "not connected"
    )


def test_accept_new_records_the_key_then_checks_it(project: Project, tmp_path: Path) -> None:
    known = tmp_path / "known_hosts"
    _use(project, known_hosts=str(known), host_keys="accept-new")
    code, details = _facts(project)
    assert code == 0, details
    recorded = known.read_text().splitlines()
    assert sorted(line.split()[0] for line in recorded) == [
        f"[127.0.0.{n}]:{project.fleet.port}" for n in (15, 16)
    ]
    code, _ = _facts(project)
    assert code == 0 and known.read_text().splitlines() == recorded


@pytest.mark.parametrize("policy", ["reject", "accept-new"])
def test_changed_key_fails_that_router_before_any_login(
    project: Project, tmp_path: Path, policy: str
) -> None:
    from netauto.hostkeys import lab_known_hosts

    known = tmp_path / "known_hosts"
    lines = lab_known_hosts().read_text().splitlines()
    impostor = paramiko.Ed25519Key.from_private_key_file(str(_other_key(tmp_path))).get_base64()
    name = f"[127.0.0.15]:{project.fleet.port}"
    known.write_text(
        "".join(
            f"{name} ssh-ed25519 {impostor}\n" if line.startswith(name + " ") else line + "\n"
            for line in lines
        )
    )
    _use(project, known_hosts=str(known), host_keys=policy)
    before = _logins(project.fleet, "R15")
    code, details = _facts(project)
    assert code == 1
    assert details["R15"].startswith(f"host key of {name} changed: not the key in {known}")
    assert details["R16"].startswith("Cisco") or "IOS" in details["R16"], details
    assert _logins(project.fleet, "R15") == before  # no password was sent


def _other_key(folder: Path) -> Path:
    import asyncssh

    path = folder / "impostor.key"
    asyncssh.generate_private_key("ssh-ed25519").write_private_key(str(path))
    return path
