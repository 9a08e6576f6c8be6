"""Nornir + nornir_napalm against the whole fleet, through netauto.init_nornir."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from nornir_napalm.plugins.tasks import napalm_get
from nornir_netmiko.tasks import netmiko_send_command

import netauto

ROUTERS = [f"R{n}" for n in range(15, 26)]


def test_lab_config_points_at_the_fleet(lab_config: Path, lab: Any) -> None:
    config = yaml.safe_load(lab_config.read_text())
    assert config["user_defined"]["netauto"]["lab"]["port"] == lab.port
    hosts = yaml.safe_load((lab_config.parent / "inventory" / "hosts.yaml").read_text())
    assert list(hosts) == ROUTERS
    assert hosts["R25"] == {
        "hostname": "127.0.0.25",
        "port": lab.port,
        "groups": ["routers"],
        "data": {"site": "lab", "role": "edge", "model": "CISCO2911"},
    }


def test_get_facts_on_all_routers(lab_config: Path) -> None:
    nr = netauto.init_nornir(config_file=lab_config, record=False)
    try:
        result = nr.run(task=napalm_get, getters=["facts"])
    finally:
        nr.close_connections()
    assert sorted(result) == ROUTERS
    assert not result.failed, {h: r.exception for h, r in result.items() if r.failed}
    for host, multi in result.items():
        assert multi.result["facts"]["hostname"] == host
        assert multi.result["facts"]["fqdn"] == f"{host}.lab.netauto.example"


def test_netmiko_show_command_on_all_routers(lab_config: Path) -> None:
    nr = netauto.init_nornir(config_file=lab_config, record=False)
    try:
        result = nr.run(task=netmiko_send_command, command_string="show ip interface brief")
    finally:
        nr.close_connections()
    assert not result.failed
    for host, multi in result.items():
        number = int(host[1:])
        assert f"10.0.{number}.1" in multi.result
