"""The real NAPALM ios driver through its whole lifecycle against a lab router."""

from __future__ import annotations

from typing import Any

import pytest
from napalm.base.exceptions import MergeConfigException, ReplaceConfigException

MERGE = "logging buffered 7777\ninterface Loopback9\n ip address 10.9.9.9 255.255.255.255\nend\n"


def test_open_is_alive_close(driver: Any) -> None:
    assert driver.is_alive() == {"is_alive": True}


def test_get_facts_matches_state(driver: Any, lab: Any) -> None:
    facts = driver.get_facts()
    assert facts["hostname"] == "R15"
    assert facts["fqdn"] == "R15.lab.netauto.example"
    assert facts["vendor"] == "Cisco"
    assert facts["model"] == "CISCO2911/K9"
    assert facts["serial_number"] == lab.core.server("R15").state.identity.serial
    assert "Version 15.7(3)M8" in facts["os_version"]
    assert facts["uptime"] > 600
    assert facts["interface_list"] == [
        "Loopback0",
        "GigabitEthernet0/0",
        "GigabitEthernet0/1",
        "GigabitEthernet0/2",
    ]


def test_get_interfaces(driver: Any) -> None:
    interfaces = driver.get_interfaces()
    uplink = interfaces["GigabitEthernet0/0"]
    assert uplink["is_enabled"] and uplink["is_up"]
    assert uplink["description"] == "uplink to core"
    assert uplink["speed"] == 1000.0 and uplink["mtu"] == 1500
    assert uplink["mac_address"].count(":") == 5
    spare = interfaces["GigabitEthernet0/2"]
    assert not spare["is_enabled"] and not spare["is_up"]


def test_get_interfaces_ip(driver: Any) -> None:
    ips = driver.get_interfaces_ip()
    assert ips["GigabitEthernet0/0"]["ipv4"] == {"10.0.15.1": {"prefix_length": 24}}
    assert ips["Loopback0"]["ipv4"] == {"10.255.0.15": {"prefix_length": 32}}
    assert ips["GigabitEthernet0/0"]["ipv6"]["2001:db8:f::1"] == {"prefix_length": 64}
    assert "GigabitEthernet0/2" not in ips


def test_get_config(driver: Any, lab: Any) -> None:
    config = driver.get_config()
    assert "hostname R15" in config["running"]
    assert "Building configuration" not in config["running"]
    assert config["startup"].startswith("Using ")
    assert "ip scp server enable" in config["running"]
    assert config["running"].strip().endswith("end")


def test_get_environment(driver: Any) -> None:
    environment = driver.get_environment()
    assert environment["cpu"][0]["%usage"] == 1.0
    assert environment["memory"]["available_ram"] > 0


def test_merge_compare_commit_changes_getters(driver: Any, lab: Any) -> None:
    driver.load_merge_candidate(config=MERGE)
    diff = driver.compare_config()
    assert "+logging buffered 7777" in diff
    assert "+interface Loopback9" in diff
    driver.commit_config()
    running = lab.router("R15").running_config
    assert "logging buffered 7777" in running
    assert "logging buffered 16384" not in running
    assert "10.9.9.9" in driver.get_interfaces_ip()["Loopback9"]["ipv4"]
    assert "Loopback9" in driver.get_facts()["interface_list"]
    assert "logging buffered 7777" in lab.router("R15").startup_config


def test_merge_without_changes_has_empty_diff(driver: Any) -> None:
    driver.load_merge_candidate(config="ntp server 192.0.2.123\nend\n")
    assert driver.compare_config() == ""
    driver.discard_config()


def test_replace_changes_hostname_then_rollback(driver: Any, lab: Any) -> None:
    running = driver.get_config()["running"]
    candidate = running.replace("hostname R15", "hostname EDGE15").replace(
        "ntp server 192.0.2.123", "ntp server 192.0.2.124"
    )
    driver.load_replace_candidate(config=candidate)
    diff = driver.compare_config()
    assert "+hostname EDGE15" in diff and "-hostname R15" in diff
    assert "-ntp server 192.0.2.123" in diff
    driver.commit_config()
    assert driver.get_facts()["hostname"] == "EDGE15"
    assert lab.router("R15").hostname == "EDGE15"
    driver.rollback()
    assert driver.get_facts()["hostname"] == "R15"
    assert "ntp server 192.0.2.123" in lab.router("R15").running_config


def test_replace_with_revert_in_then_confirm(driver: Any, lab: Any) -> None:
    running = driver.get_config()["running"]
    driver.load_replace_candidate(config=running.replace("hostname R15", "hostname R15b"))
    driver.commit_config(revert_in=120)
    assert driver.has_pending_commit()
    assert lab.router("R15").revert_pending
    driver.confirm_commit()
    assert not driver.has_pending_commit()
    assert lab.router("R15").hostname == "R15b"


def test_merge_with_revert_in_then_rollback_reverts_now(driver: Any, lab: Any) -> None:
    driver.load_merge_candidate(config="logging buffered 5555\nend\n")
    driver.commit_config(revert_in=60)
    assert "logging buffered 5555" in lab.router("R15").running_config
    assert driver.has_pending_commit()
    driver.rollback()
    assert "logging buffered 5555" not in lab.router("R15").running_config
    assert not lab.router("R15").revert_pending


def test_discard_config(driver: Any, lab: Any) -> None:
    driver.load_merge_candidate(config=MERGE)
    driver.discard_config()
    assert driver.compare_config() == ""
    assert "Loopback9" not in lab.router("R15").running_config


def test_invalid_merge_line_fails_and_keeps_running(driver: Any, lab: Any) -> None:
    before = lab.router("R15").running_config
    driver.load_merge_candidate(config="logging bufferd 5\nend\n")
    with pytest.raises(MergeConfigException, match="Invalid input"):
        driver.commit_config()
    assert "bufferd" not in lab.router("R15").running_config
    assert "logging buffered 16384 informational" in lab.router("R15").running_config
    assert _body(lab.router("R15").running_config) == _body(before)


def test_invalid_replace_line_fails_and_keeps_running(driver: Any, lab: Any) -> None:
    running = driver.get_config()["running"]
    before = lab.router("R15").running_config
    candidate = running.replace("hostname R15", "hostname R15x\nlogging bufferd 5")
    driver.load_replace_candidate(config=candidate)
    with pytest.raises(ReplaceConfigException, match="successfully restored"):
        driver.commit_config()
    assert lab.router("R15").hostname == "R15"
    assert _body(lab.router("R15").running_config) == _body(before)


def _body(config: str) -> list[str]:
    """Config lines without the change stamp and file prompt quiet (NAPALM toggles it)."""
    return [
        line
        for line in config.splitlines()
        if not line.startswith("! Last configuration") and line != "file prompt quiet"
    ]
