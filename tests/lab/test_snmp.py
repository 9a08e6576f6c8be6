"""The lab answers SNMP, checked from outside with net-snmp's snmpget and snmpwalk."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from netmiko import ConnectHandler

from netauto.plugins.credentials import LAB_PASSWORD, LAB_SECRET, LAB_USERNAME

COMMUNITY = "lab-ro-7f3k"
USER, AUTH, PRIV = "monitor", "auth-7Hq2x9", "priv-K3m8v1"
SYSTEM = "1.3.6.1.2.1.1"
UPTIME = "1.3.6.1.2.1.1.3.0"
HC_IN_OCTETS = "1.3.6.1.2.1.31.1.1.1.6"
CPU_5MIN = "1.3.6.1.4.1.9.9.109.1.1.1.1.8.1"
POOL_USED = "1.3.6.1.4.1.9.9.48.1.1.1.5.1"
SERIAL = "1.3.6.1.2.1.47.1.1.1.1.11.1"

if shutil.which("snmpwalk") is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("net-snmp's snmpwalk is missing: apt-get install snmp")
    pytest.skip("net-snmp's snmpwalk is missing (apt-get install snmp)", allow_module_level=True)


def ssh(snmp_lab: Any, name: str) -> Any:
    return ConnectHandler(
        device_type="cisco_ios",
        host=snmp_lab.address(name),
        port=snmp_lab.port,
        username=LAB_USERNAME,
        password=LAB_PASSWORD,
        secret=LAB_SECRET,
        fast_cli=True,
    )


@pytest.fixture(scope="module")
def snmp_lab() -> Iterator[Any]:
    from netauto.lab.fleet import start_fleet

    with start_fleet(routers="R15,R16", snmp_port=0) as running:
        with ssh(running, "R15") as conn:
            conn.enable()
            conn.send_config_set(
                [
                    f"snmp-server community {COMMUNITY} RO",
                    "snmp-server location rack 4",
                    f"snmp-server user {USER} NETMON v3 auth sha {AUTH} priv aes 128 {PRIV}",
                ]
            )
        yield running


def snmp(
    snmp_lab: Any, tool: str, *oids: str, host: str = "R15", community: str = COMMUNITY, **kw: Any
) -> subprocess.CompletedProcess[str]:
    target = f"{snmp_lab.address(host)}:{snmp_lab.snmp_port}"
    timeout = str(kw.get("timeout", 1))
    return subprocess.run(
        [tool, "-v2c", "-c", community, "-On", "-t", timeout, "-r", "0", target, *oids],
        capture_output=True,
        text=True,
        check=False,
    )


def value(output: str, oid: str) -> str:
    found = re.search(rf"^\.{re.escape(oid)} = \w+: (.*)$", output, re.M)
    assert found, output
    return found.group(1).strip('"')


def test_snmpwalk_system_group(snmp_lab: Any) -> None:
    walked = snmp(snmp_lab, "snmpwalk", SYSTEM)
    assert walked.returncode == 0, walked.stderr
    assert value(walked.stdout, "1.3.6.1.2.1.1.5.0") == "R15.lab.netauto.example"
    assert "Version 15.7(3)M8" in value(walked.stdout, "1.3.6.1.2.1.1.1.0")
    assert value(walked.stdout, "1.3.6.1.2.1.1.6.0") == "rack 4"
    assert value(walked.stdout, "1.3.6.1.2.1.1.2.0") == ".1.3.6.1.4.1.9.1.1045"
    ticks = int(re.search(r"\((\d+)\)", value(walked.stdout, UPTIME)).group(1))  # type: ignore[union-attr]
    with ssh(snmp_lab, "R15") as conn:
        version = conn.send_command("show version")
    days = int(re.search(r"uptime is (?:\d+ weeks?, )?(\d+) days?", version).group(1))  # type: ignore[union-attr]
    assert ticks // 100 // 86400 % 7 == days


def test_no_answer_without_config_or_with_a_wrong_community(snmp_lab: Any) -> None:
    wrong = snmp(snmp_lab, "snmpget", UPTIME, community="public", timeout=0.3)
    unconfigured = snmp(snmp_lab, "snmpget", UPTIME, host="R16", timeout=0.3)
    assert wrong.returncode != 0 and "No Response" in wrong.stderr
    assert unconfigured.returncode != 0 and "No Response" in unconfigured.stderr


def test_if_mib_counters_move_with_show_interfaces(snmp_lab: Any) -> None:
    walked = snmp(snmp_lab, "snmpbulkwalk", "1.3.6.1.2.1.2.2.1.2").stdout
    walked += snmp(snmp_lab, "snmpbulkwalk", "1.3.6.1.2.1.31.1.1.1.1").stdout
    assert '.1.3.6.1.2.1.2.2.1.2.2 = STRING: "GigabitEthernet0/0"' in walked
    assert '.1.3.6.1.2.1.31.1.1.1.1.2 = STRING: "Gi0/0"' in walked
    oid = f"{HC_IN_OCTETS}.2"
    before = int(value(snmp(snmp_lab, "snmpget", oid).stdout, oid))
    with ssh(snmp_lab, "R15") as conn:
        shown = conn.send_command("show interfaces GigabitEthernet0/0")
    after = int(value(snmp(snmp_lab, "snmpget", oid).stdout, oid))
    octets = int(re.search(r"packets input, (\d+) bytes", shown).group(1))  # type: ignore[union-attr]
    assert before <= octets <= after
    assert after > before


def test_cpu_memory_and_serial_match_the_show_commands(snmp_lab: Any) -> None:
    got = snmp(snmp_lab, "snmpget", CPU_5MIN, POOL_USED, SERIAL).stdout
    with ssh(snmp_lab, "R15") as conn:
        cpu = conn.send_command("show processes cpu | include CPU utilization")
        memory = conn.send_command("show processes memory | include Processor Pool")
        inventory = conn.send_command("show inventory")
    assert f"five minutes: {value(got, CPU_5MIN)}%" in cpu
    assert f"Used: {int(value(got, POOL_USED)):>10}" in memory
    assert f"SN: {value(got, SERIAL)}" in inventory


def test_faults_apply_to_snmp(snmp_lab: Any) -> None:
    snmp_lab.set_fault("R15", latency=0.5)
    started = time.monotonic()
    slow = snmp(snmp_lab, "snmpget", UPTIME, timeout=3)
    assert slow.returncode == 0 and time.monotonic() - started >= 0.5
    snmp_lab.set_fault("R15", latency=0, down=True)
    assert "No Response" in snmp(snmp_lab, "snmpget", UPTIME, timeout=0.3).stderr
    snmp_lab.set_fault("R15", down=False, drop="snmp")
    assert "No Response" in snmp(snmp_lab, "snmpget", UPTIME, timeout=0.3).stderr
    snmp_lab.clear_faults("R15")
    assert snmp(snmp_lab, "snmpget", UPTIME).returncode == 0
    assert snmp_lab.status()["snmp_port"] == snmp_lab.snmp_port


def v3(snmp_lab: Any, *oids: str, auth: str = AUTH, priv: str = PRIV) -> Any:
    security = ["-l", "authPriv", "-u", USER, "-a", "SHA", "-A", auth, "-x", "AES", "-X", priv]
    target = f"{snmp_lab.address('R15')}:{snmp_lab.snmp_port}"
    return subprocess.run(
        ["snmpget", "-v3", *security, "-On", "-t", "1", "-r", "0", target, *oids],
        capture_output=True,
        text=True,
        check=False,
    )


def test_snmpv3_auth_priv_for_the_configured_user(snmp_lab: Any) -> None:
    got = v3(snmp_lab, "1.3.6.1.2.1.1.5.0", SERIAL)
    assert got.returncode == 0, got.stderr
    assert value(got.stdout, "1.3.6.1.2.1.1.5.0") == "R15.lab.netauto.example"
    assert value(got.stdout, SERIAL).startswith("FTX")
    assert "Authentication failure" in v3(snmp_lab, SERIAL, auth="wrong-pass-1").stderr
    assert "Decryption error" in v3(snmp_lab, SERIAL, priv="wrong-pass-2").stderr
    with ssh(snmp_lab, "R15") as conn:
        running = conn.send_command("show running-config")
    assert AUTH not in running and "snmp-server user" not in running


def test_a_taken_snmp_port_costs_the_lab_its_snmp_not_its_start() -> None:
    import socket

    from netauto.lab.fleet import free_port, start_fleet

    with socket.socket(type=socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.15", 0))
        port = taken.getsockname()[1]
        with start_fleet(routers="R15", snmp_port=port, port=free_port()) as fleet:
            assert fleet.snmp_port is None and fleet.status()["snmp_port"] is None
            assert fleet.router("R15").hostname == "R15"
