"""The lab's port reaches the inventory: `NETAUTO_LAB_PORT=P netauto lab up`, then `backup`.

The project is the repository's own (config.yaml and inventory/ copied, R15..R25 on loopback
with no port): its routers take the port of the lab this project started, and a run whose
loopback routers are not served by this project's lab says so. Real processes, real SSH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from netauto_testing import REPO

from netauto.lab.fleet import free_port, start_fleet

NETAUTO = str(Path(sys.executable).with_name("netauto"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The repository's project files in an empty folder: the default lab inventory."""
    folder = tmp_path / "fleet"
    folder.mkdir()
    shutil.copy(REPO / "config.yaml", folder / "config.yaml")
    shutil.copytree(REPO / "inventory", folder / "inventory", symlinks=False)
    return folder


def netauto(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NETAUTO_")}
    return subprocess.run(
        [NETAUTO, *args],
        cwd=folder,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=240,
    )


@pytest.fixture
def lab_down(project: Path) -> Iterator[None]:
    yield
    netauto(project, "lab", "down")


@pytest.mark.usefixtures("lab_down")
def test_lab_port_from_the_environment_reaches_the_runbooks(project: Path) -> None:
    port = str(free_port())
    up = netauto(project, "lab", "up", "--detach", NETAUTO_LAB_PORT=port)
    assert up.returncode == 0, up.stderr
    assert f"on port {port}" in up.stdout
    # The backup is run without the variable: the routers take the running lab's port.
    backup = netauto(project, "backup")
    assert backup.returncode == 0, backup.stdout + backup.stderr
    assert "not a lab this project started" not in backup.stderr
    assert "hostname R25" in (project / "backups" / "R25.cfg").read_text()
    # And with it, the same.
    again = netauto(project, "backup", "-H", "R15", NETAUTO_LAB_PORT=port)
    assert again.returncode == 0, again.stdout + again.stderr


@pytest.mark.usefixtures("lab_down")
def test_lab_up_port_option_wins_over_the_setting(project: Path) -> None:
    port = str(free_port())
    assert netauto(project, "lab", "up", "--detach", "--port", port).returncode == 0
    check = netauto(project, "check", "--json")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_lab_this_project_did_not_start_is_named(project: Path, tmp_path: Path) -> None:
    """Another lab answers on the project's port: the run works on it, and says so."""
    with start_fleet(count=2, state_dir=tmp_path / "other-lab") as other:
        result = netauto(project, "backup", "-H", "R15", NETAUTO_LAB_PORT=str(other.port))
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(x for x in result.stderr.splitlines() if "not a lab this project started" in x)
    assert line.startswith(f"Warning: R15: port {other.port} is not a lab this project started")


@pytest.mark.usefixtures("lab_down")
def test_the_lab_snmp_port_from_the_environment_reaches_poll(project: Path) -> None:
    """`NETAUTO_LAB_SNMP_PORT=S netauto lab up`, then `poll` without it: SNMP reaches port S."""
    port, snmp = str(free_port()), str(free_port(udp=True))
    shutil.copytree(REPO / "templates", project / "templates")
    lab = {"NETAUTO_LAB_PORT": port, "NETAUTO_LAB_SNMP_PORT": snmp}
    up = netauto(project, "lab", "up", "--detach", "--routers", "R15,R16", **lab)
    assert up.returncode == 0 and f"SNMP udp {snmp}" in up.stdout, up.stdout + up.stderr
    community = {"NETAUTO_SNMP_COMMUNITY": "lab-ro-7x"}
    args = ("deploy", "--template", "ios/snmp.j2", "-H", "R15", "--commit", "--yes")
    deployed = netauto(project, *args, **community)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    polled = netauto(project, "poll", "-H", "R15,R16", **community)
    assert polled.returncode == 0, polled.stdout + polled.stderr
    assert "2 online, 0 warning, 0 offline (1 by SNMP, 1 by SSH)." in polled.stdout
    assert "not a lab this project started" not in polled.stderr


def test_poll_names_a_lab_this_project_did_not_start(project: Path, tmp_path: Path) -> None:
    """Another lab answers on the project's SSH and SNMP ports: poll says so for both."""
    with start_fleet(count=2, state_dir=tmp_path / "other-lab", snmp_port=0) as other:
        env = {
            "NETAUTO_LAB_PORT": str(other.port),
            "NETAUTO_LAB_SNMP_PORT": str(other.snmp_port),
            "NETAUTO_SNMP_COMMUNITY": "public",
        }
        result = netauto(project, "poll", "-H", "R15", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [x for x in result.stderr.splitlines() if "not a lab this project started" in x]
    assert warnings[0].startswith(f"Warning: R15: port {other.port} is not a lab"), warnings
    assert warnings[1] == (
        f"Warning: R15: SNMP udp {other.snmp_port} is not a lab this project started either"
    )


def test_an_explicit_port_is_kept(project: Path) -> None:
    """A host or group that names its port is not moved to the lab's."""
    from netauto import init_nornir

    hosts = project / "inventory" / "hosts.yaml"
    hosts.write_text(
        hosts.read_text().replace(
            "  hostname: 127.0.0.16\n", "  hostname: 127.0.0.16\n  port: 2999\n"
        )
    )
    nr = init_nornir(project / "config.yaml", record=False)
    assert nr.inventory.hosts["R16"].port == 2999
    assert nr.inventory.hosts["R15"].port == 2222  # the lab.port setting: no lab is running
