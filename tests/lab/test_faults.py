"""Faults injected at run time, and how the real drivers see them."""

from __future__ import annotations

from typing import Any

import pytest
from napalm import get_network_driver
from napalm.base.exceptions import CommandErrorException, ReplaceConfigException
from netmiko import ConnectHandler
from netmiko.exceptions import (
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
)

from netauto.exceptions import LabError
from netauto.plugins.credentials import LAB_PASSWORD, LAB_SECRET, LAB_USERNAME


def connect(lab: Any, host: str = "127.0.0.17", **extra: Any) -> Any:
    return ConnectHandler(
        device_type="cisco_ios",
        host=host,
        port=lab.port,
        username=LAB_USERNAME,
        password=LAB_PASSWORD,
        conn_timeout=3,
        banner_timeout=3,
        auth_timeout=3,
        **extra,
    )


def napalm(lab: Any, host: str = "127.0.0.17") -> Any:
    device = get_network_driver("ios")(
        host,
        LAB_USERNAME,
        LAB_PASSWORD,
        timeout=5,
        optional_args={"port": lab.port, "secret": LAB_SECRET},
    )
    device.open()
    return device


def test_latency_beyond_read_timeout(lab: Any) -> None:
    with connect(lab) as conn:
        lab.set_fault("R17", latency=1.5)
        with pytest.raises(ReadTimeout):
            conn.send_command("show version", read_timeout=0.5)


def test_auth_fail(lab: Any) -> None:
    lab.set_fault("R17", auth="fail")
    with pytest.raises(NetmikoAuthenticationException):
        connect(lab)


def test_auth_refuse_and_router_down(lab: Any) -> None:
    lab.set_fault("R17", auth="refuse")
    with pytest.raises((NetmikoTimeoutException, NetmikoAuthenticationException, OSError)):
        connect(lab)
    lab.set_fault("R17", auth=None, down=True)
    assert lab.status()["routers"][2]["listening"] is False
    with pytest.raises(NetmikoTimeoutException):
        connect(lab)
    lab.set_fault("R17", down=False)
    with connect(lab) as conn:
        assert conn.find_prompt() == "R17#"


def test_drop_mid_command(lab: Any) -> None:
    lab.set_fault("R17", drop="show running-config")
    with connect(lab) as conn:
        with pytest.raises((ReadTimeout, OSError, EOFError)):
            conn.send_command("show running-config", read_timeout=2)
        assert not conn.is_alive()


def test_hang_after_login(lab: Any) -> None:
    with connect(lab) as conn:
        lab.set_fault("R17", hang=True)
        with pytest.raises(ReadTimeout):
            conn.send_command("show clock", expect_string="R17#", read_timeout=1)
        lab.set_fault("R17", hang=False)  # so that disconnect() does not wait for answers


def test_invalid_ipv6_keeps_ipv4_getter(lab: Any) -> None:
    lab.set_fault("R17", invalid=["show ipv6 interface"])
    device = napalm(lab)
    try:
        ips = device.get_interfaces_ip()
    finally:
        device.close()
    assert "ipv6" not in ips["GigabitEthernet0/0"]
    assert ips["GigabitEthernet0/0"]["ipv4"] == {"10.0.17.1": {"prefix_length": 24}}


def test_flash_full_blocks_candidate_upload(lab: Any) -> None:
    lab.set_fault("R17", flash_full=True)
    device = napalm(lab)
    try:
        with pytest.raises(Exception, match=r"[Ii]nsufficient space"):
            device.load_merge_candidate(config="logging buffered 8888\nend\n")
    finally:
        device.close()


def test_scp_disabled(lab: Any) -> None:
    lab.set_fault("R17", scp_disabled=True)
    device = napalm(lab)
    try:
        with pytest.raises(Exception):  # noqa: B017 - scp/netmiko wrap it differently
            device.load_merge_candidate(config="logging buffered 8888\nend\n")
    finally:
        device.close()
    assert "logging buffered 8888" not in lab.router("R17").running_config


def test_scp_gated_by_running_config(lab: Any) -> None:
    with connect(lab) as conn:
        conn.send_config_set(["no ip scp server enable"])
    device = napalm(lab)
    try:
        with pytest.raises(CommandErrorException, match="SCP"):
            device.load_merge_candidate(config="logging buffered 8888\nend\n")
    finally:
        device.close()


def test_archive_disabled_blocks_replace(lab: Any) -> None:
    lab.set_fault("R17", archive_disabled=True)
    device = napalm(lab)
    try:
        running = device.get_config()["running"]
        device.load_replace_candidate(config=running.replace("hostname R17", "hostname X17"))
        with pytest.raises(ReplaceConfigException, match="archive"):
            device.commit_config()
    finally:
        device.close()
    assert lab.router("R17").hostname == "R17"


def test_unknown_fault_and_router(lab: Any) -> None:
    with pytest.raises(LabError, match="unknown fault"):
        lab.set_fault("R17", smoke=True)
    with pytest.raises(LabError, match="no router"):
        lab.set_fault("R99", latency=1)


def test_reset_clears_faults_and_config(lab: Any) -> None:
    lab.set_fault("R17", latency=3, scp_disabled=True)
    with connect(lab, host="127.0.0.18") as conn:
        conn.send_config_set(["hostname CHANGED"])
    lab.reset()
    assert lab.router("R17").faults == {}
    assert lab.router("R18").hostname == "R18"
