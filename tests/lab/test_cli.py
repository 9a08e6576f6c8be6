"""netauto lab up --detach / status / fault / reset / config / down, from another process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from netmiko import ConnectHandler

from netauto.exceptions import LabError
from netauto.lab import hostdata
from netauto.lab.addressing import plan
from netauto.lab.cli import lab
from netauto.lab.fleet import free_port
from netauto.plugins.credentials import LAB_PASSWORD, LAB_USERNAME


def run(*args: str) -> str:
    result = CliRunner().invoke(lab, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_detached_lab_lifecycle(tmp_path: Path) -> None:
    state = tmp_path / "lab"
    port = free_port()
    common = ["--state-dir", str(state), "--config", str(tmp_path / "none.yaml")]
    snmp_port = free_port(udp=True)
    up = run(
        "up",
        "--detach",
        "--count",
        "3",
        "--port",
        str(port),
        "--snmp-port",
        str(snmp_port),
        *common,
    )
    assert "3 routers" in up and f"SNMP udp {snmp_port}" in up
    try:
        assert (state / "known_hosts").read_text().startswith(f"[127.0.0.15]:{port} ssh-ed25519")
        assert "R17" in (state / "hosts.yaml").read_text()
        with ConnectHandler(
            device_type="cisco_ios",
            host="127.0.0.15",
            port=port,
            username=LAB_USERNAME,
            password=LAB_PASSWORD,
        ) as conn:
            assert conn.find_prompt() == "R15#"
            conn.send_config_set(["hostname CLI15"])
        assert "hostname CLI15" in run("config", "R15", *common)
        assert "latency=0.5" in run("fault", "R16", "--latency", "0.5", "--scp-disabled", *common)
        status = json.loads(run("status", "--json", *common))
        assert [r["name"] for r in status["routers"]] == ["R15", "R16", "R17"]
        assert status["routers"][1]["faults"] == {"latency": 0.5, "scp_disabled": True}
        assert status["snmp_port"] == snmp_port
        shown = run("status", *common)
        assert "CLI15" in shown and f"SNMP udp {snmp_port}" in shown
        run("reset", "R15", *common)
        assert "hostname R15" in run("config", "R15", *common)
        assert "faults none" in run("fault", "R16", "--clear", *common)
    finally:
        run("down", *common)
    assert not (state / "lab.json").exists()
    result = CliRunner().invoke(lab, ["status", *common])
    assert result.exit_code != 0


def test_models_from_inventory_host_data(tmp_path: Path) -> None:
    """Each router's image comes from its inventory data.model (host, group or defaults);
    --models wins where it names a router."""
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    (inventory / "hosts.yaml").write_text(
        "R15: {hostname: 127.0.0.15, groups: [routers]}\n"
        "R16: {hostname: 127.0.0.16, groups: [routers], data: {model: ISR4331/K9}}\n"
        "R17: {hostname: 127.0.0.17, groups: [branch]}\n"
        "R18: {hostname: 127.0.0.18, groups: [branch]}\n"
    )
    (inventory / "groups.yaml").write_text(
        "routers: {platform: ios}\nbranch: {groups: [isr]}\nisr: {data: {model: ISR4331}}\n"
    )
    config = tmp_path / "config.yaml"
    config.write_text(
        "inventory:\n  plugin: SimpleInventory\n  options:\n"
        "    host_file: inventory/hosts.yaml\n    group_file: inventory/groups.yaml\n"
        f"user_defined:\n  netauto:\n    database_url: sqlite:///{tmp_path / 'netauto.db'}\n"
    )
    common = ["--state-dir", str(tmp_path / "lab"), "--config", str(config)]
    run(
        "up",
        "--detach",
        "--count",
        "4",
        "--port",
        str(free_port()),
        "--models",
        "R18=CISCO2911",
        *common,
    )
    try:
        status = json.loads(run("status", "--json", *common))
        models = {r["name"]: r["model"] for r in status["routers"]}
        assert models == {
            "R15": "CISCO2911",
            "R16": "ISR4331",
            "R17": "ISR4331",
            "R18": "CISCO2911",
        }
        served = yaml.safe_load((tmp_path / "lab" / "hosts.yaml").read_text())
        assert served["R16"]["data"]["model"] == "ISR4331"
        assert "GigabitEthernet0/0/0" in run("config", "R17", *common)
    finally:
        run("down", *common)


def test_models_spec_combines_with_inventory(tmp_path: Path) -> None:
    inventory = {"R15": "ISR4331", "R16": "CISCO2911"}
    assert hostdata.combine(None, inventory) == "R15=ISR4331,R16=CISCO2911"
    assert hostdata.combine("R15=CISCO2911", inventory) == (
        "R15=ISR4331,R16=CISCO2911,R15=CISCO2911"
    )
    assert hostdata.combine("ISR4331", inventory) == "ISR4331"  # every router: --models wins
    assert hostdata.combine(None, {}) is None
    assert [s.model for s in plan(2, models=hostdata.combine("R15=CISCO2911", inventory))] == [
        "CISCO2911",
        "CISCO2911",
    ]
    (tmp_path / "hosts.yaml").write_text("R15: {data: {model: C8300}}\ncore1: {data: {}}\n")
    (tmp_path / "config.yaml").write_text("inventory: {options: {host_file: hosts.yaml}}\n")
    with pytest.raises(LabError, match="R15: unknown router model 'C8300'"):
        hostdata.host_models(tmp_path / "config.yaml")
    assert hostdata.host_models(tmp_path / "missing.yaml") == {}
