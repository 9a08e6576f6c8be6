"""The ISR4331 is an IOS XE router: GigabitEthernet0 in VRF Mgmt-intf, the SLA-TrustPoint and
its certificate chain, license UDI, show platform [diag|resources], show license status (Smart
Licensing Using Policy), its own memory figures; NAPALM's fleet getters still work."""

from __future__ import annotations

import binascii
from collections.abc import Iterator
from typing import Any

import pytest
from ntc_templates.parse import parse_output

from netauto.lab.xe import SLA_CA

from .pair import R15, R16, connect, napalm, ntc, pair  # noqa: F401


@pytest.fixture(scope="module")
def r16(pair: Any) -> Iterator[Any]:  # noqa: F811
    pair.reset()
    conn = connect(pair, R16)
    yield conn
    conn.disconnect()


def test_management_port_in_mgmt_vrf(r16: Any) -> None:
    config = r16.send_command("show running-config")
    assert "vrf definition Mgmt-intf\n address-family ipv4\n exit-address-family" in config
    assert "interface GigabitEthernet0\n description management\n vrf forwarding Mgmt-intf" in (
        config
    )
    (vrf,) = ntc(r16, "show ip vrf interfaces")
    assert (vrf["interface"], vrf["vrf"], vrf["ip_address"]) == ("Gi0", "Mgmt-intf", "10.250.0.16")
    (ip,) = ntc(r16, "show ip interface GigabitEthernet0")
    assert ip["vrf"] == "Mgmt-intf"
    assert "Hardware is RP management port" in r16.send_command("show interfaces GigabitEthernet0")
    assert "10.250.0.0/16" not in r16.send_command("show ip route")
    assert "10.250.0.0/16 is directly connected" in r16.send_command("show ip route vrf Mgmt-intf")
    (arp,) = ntc(r16, "show arp vrf Mgmt-intf")
    assert arp["interface"] == "GigabitEthernet0"


def test_trustpoint_and_certificate_chain(r16: Any) -> None:
    config = r16.send_command("show running-config")
    assert (
        "crypto pki trustpoint SLA-TrustPoint\n enrollment pkcs12\n revocation-check crl\n!\n"
        "crypto pki certificate chain SLA-TrustPoint\n certificate ca 01\n"
        "  30820321 30820209 A0030201 02020101"
    ) in config
    assert "  D697DF7F 28\n  \tquit\n" in config
    assert "license udi pid ISR4331/K9 sn FTX1516A016" in config
    # the chain is the real Cisco Licensing Root CA: 805 DER bytes
    der = binascii.unhexlify("".join(SLA_CA.split()))
    assert len(der) == 805 and b"Cisco Licensing Root CA" in der


def test_platform(r16: Any) -> None:
    platform = r16.send_command("show platform")
    assert platform.startswith("Chassis type: ISR4331/K9")
    assert "R0        ISR4331/K9          ok, active" in platform
    diag = {r["slot_number"]: r for r in ntc(r16, "show platform diag")}
    assert diag["R0"]["running_state"] == "ok, active"
    assert diag["R0"]["chassis_type"] == "ISR4331/K9"
    assert diag["0/0"]["module_sku"] == "ISR4331-3x1GE"
    resources = r16.send_command("show platform resources")
    assert "RP0 (ok, active)" in resources and "bootflash" in resources


def test_license_status(r16: Any) -> None:
    (record,) = ntc(r16, "show license status")
    assert record["sl_enabled"] == "ENABLED" and record["transport_type"] == "Smart"
    text = r16.send_command("show license status")
    assert "Smart Licensing Using Policy:\n  Status: ENABLED" in text


def test_memory_and_version(r16: Any) -> None:
    memory = r16.send_command("show memory statistics")
    assert memory.startswith("Tracekey : ") and " lsmpi_io " in memory
    version = r16.send_command("show version")
    assert "cisco ISR4331/K9 (1RU) processor with 1795999K/6147K bytes of memory." in version
    assert "3747220K bytes of physical memory." in version
    inventory = ntc(r16, "show inventory")
    assert [r["name"] for r in inventory][:2] == ["Chassis", "Power Supply Module 0"]


def test_platform_commands_are_invalid_on_a_2911(pair: Any) -> None:  # noqa: F811
    conn = connect(pair, R15)
    try:
        assert "% Invalid input" in conn.send_command("show platform")
        assert "Tracekey" not in conn.send_command("show memory statistics")
    finally:
        conn.disconnect()


def test_napalm_fleet_getters_on_both(pair: Any) -> None:  # noqa: F811
    for host in (R15, R16):
        device = napalm(pair, host)
        try:
            facts = device.get_facts()
            interfaces = device.get_interfaces()
            ips = device.get_interfaces_ip()
            environment = device.get_environment()
        finally:
            device.close()
        assert facts["interface_list"][0] == "Loopback0"
        assert set(interfaces) == set(facts["interface_list"])
        assert environment["memory"]["available_ram"] > 0
        if host == R16:
            assert facts["interface_list"][-1] == "GigabitEthernet0"
            assert ips["GigabitEthernet0"]["ipv4"] == {"10.250.0.16": {"prefix_length": 16}}
        else:
            assert "GigabitEthernet0" not in ips


def test_replace_with_own_config_round_trips(pair: Any) -> None:  # noqa: F811
    """NAPALM's replace of the ISR's own running-config (certificate chain included) is clean."""
    device = napalm(pair, R16)
    try:
        running = device.get_config()["running"]
        device.load_replace_candidate(config=running)
        assert device.compare_config() == ""
        device.discard_config()
    finally:
        device.close()
    assert parse_output  # ntc-templates in use above
