"""Second-pass fidelity: pipes, config forms, exec options, unconfigured features, scrapli, and
the ISR4331 image."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from netmiko import ConnectHandler

from netauto.lab import start_fleet
from netauto.plugins.credentials import LAB_PASSWORD, LAB_SECRET, LAB_USERNAME


def test_pipes_take_ios_regexes(ssh: Any) -> None:
    both = ssh.send_command("show running-config | include ^hostname|^ntp server")
    assert both.splitlines() == ["hostname R15", "ntp server 192.0.2.123"]
    words = ssh.send_command("show ip interface brief | exclude unassigned|Loopback")
    assert [line.split()[0] for line in words.splitlines()] == [
        "Interface",
        "GigabitEthernet0/0",
        "GigabitEthernet0/1",
    ]
    section = ssh.send_command("show running-config | section ^interface Gig.*0/[02]$")
    assert "description spare" in section and "LAN R15" not in section
    assert ssh.send_command("show running-config | begin ^line").startswith("line con 0")
    assert ssh.send_command("show running-config | include _192.0.2.50$") == (
        "logging host 192.0.2.50"
    )


def test_not_configured_features_answer_as_ios(ssh: Any) -> None:
    assert ssh.send_command("show ip bgp summary").strip() == "% BGP not active"
    assert ssh.send_command("show lldp neighbors").strip() == "% LLDP is not enabled"
    assert ssh.send_command("show snmp community").strip() == "%SNMP agent not enabled"
    assert ssh.send_command("show ip ospf neighbor") == ""
    ssh.send_config_set(["no ntp server 192.0.2.123"])
    assert ssh.send_command("show ntp associations").strip() == "%NTP is not enabled."
    assert ssh.send_command("show ip route 192.0.2.1").strip() == "% Network not in table"


def test_multiline_banner_any_delimiter(ssh: Any, lab: Any) -> None:
    ssh.send_config_set(["banner motd %", "Authorised access only", "  line two", "%"])
    ssh.send_config_set(["banner login #one line#"])
    running = lab.router("R15").running_config
    assert "banner motd ^C\nAuthorised access only\n  line two\n^C" in running
    assert "banner login ^Cone line^C" in running
    assert running.index("banner motd") < running.index("line con 0")
    shown = ssh.send_command("show running-config | section banner motd")
    assert shown.splitlines()[-1] == "^C"


def test_username_lines_merge(ssh: Any, lab: Any) -> None:
    ssh.send_config_set(["username ops secret opspw", "username ops privilege 7"])
    (line,) = [x for x in lab.router("R15").running_config.splitlines() if "username ops" in x]
    assert line.startswith("username ops privilege 7 secret 9 $9$")


def test_logging_and_snmp_forms(ssh: Any, lab: Any) -> None:
    output = ssh.send_config_set(
        [
            "logging host 192.0.2.51 transport udp port 1514",
            "logging trap warnings",
            "logging origin-id hostname",
            "logging console critical",
            "snmp-server enable traps snmp linkdown linkup",
            "snmp-server host 192.0.2.60 version 2c public",
            "ip route vrf MGMT 0.0.0.0 0.0.0.0 192.0.2.1",
        ]
    )
    assert "Invalid" not in output
    assert "logging trap warnings" in lab.router("R15").running_config


def test_ping_options_and_delete_force(ssh: Any) -> None:
    output = ssh.send_command("ping 10.0.15.254 repeat 3 size 200 timeout 1 source Loopback0")
    assert "Sending 3, 200-byte ICMP Echos to 10.0.15.254, timeout is 1 seconds:" in output
    assert "source address of 10.255.0.15" in output and "(3/3)" in output
    assert "(0/5)" in ssh.send_command("ping 192.0.2.99")
    ssh.send_config_set(["file prompt quiet"])
    ssh.send_command("copy running-config flash:/x.cfg")
    ssh.send_config_set(["no file prompt quiet"])
    assert ssh.send_command("delete /force flash:/x.cfg") == ""
    assert "x.cfg" not in ssh.send_command("dir")


def test_enable_secret_then_prompt_on_new_line(lab: Any) -> None:
    with start_fleet(count=1, user_mode=True) as fleet:
        conn = ConnectHandler(
            device_type="cisco_ios",
            host="127.0.0.15",
            port=fleet.port,
            username=LAB_USERNAME,
            password=LAB_PASSWORD,
            secret=LAB_SECRET,
        )
        conn.write_channel("enable\n")
        output = conn.read_until_pattern(r"Password:")
        conn.write_channel(LAB_SECRET + "\n")
        output = conn.read_until_pattern(r"R15#")
        conn.disconnect()
    assert output.replace("\r", "").endswith("\nR15#")


def test_scrapli_opens_escalates_and_configures() -> None:
    from scrapli import Cli
    from scrapli.auth import LookupKeyValue
    from scrapli.auth import Options as AuthOptions
    from scrapli.transport import Ssh2Options

    with start_fleet(count=1, user_mode=True) as fleet:
        auth = AuthOptions(
            username=LAB_USERNAME,
            password=LAB_PASSWORD,
            lookups=[LookupKeyValue(key="enable", value=LAB_SECRET)],
        )
        cli = Cli(
            "127.0.0.15",
            port=fleet.port,
            definition_file_or_name="cisco_iosxe",
            auth_options=auth,
            transport_options=Ssh2Options(),
        )
        with cli:
            assert "R15 uptime is" in cli.send_input("show version").result
            done = cli.send_inputs(
                ["interface Loopback5", "ip address 10.5.5.5 255.255.255.255"],
                requested_mode="configuration",
            )
            assert not done.failed
            back = cli.send_input("show privilege", requested_mode="privileged_exec")
            assert back.result.strip() == "Current privilege level is 15"
        assert "interface Loopback5" in fleet.router("R15").running_config


@pytest.fixture(scope="module")
def isr() -> Iterator[Any]:
    with start_fleet(routers="R40", models="ISR4331") as fleet:
        conn = ConnectHandler(
            device_type="cisco_ios",
            host=fleet.address("R40"),
            port=fleet.port,
            username=LAB_USERNAME,
            password=LAB_PASSWORD,
            fast_cli=True,
        )
        yield conn
        conn.disconnect()


def test_isr4331_image(isr: Any) -> None:
    from ntc_templates.parse import parse_output

    version = parse_output(
        platform="cisco_ios", command="show version", data=isr.send_command("show version")
    )[0]
    assert version["hardware"] == ["ISR4331/K9"] and version["version"] == "17.9.4a"
    assert version["running_image"] == "isr4300-universalk9.17.09.04a.SPA.bin"
    inventory = parse_output(
        platform="cisco_ios", command="show inventory", data=isr.send_command("show inventory")
    )
    assert [r["name"] for r in inventory][:2] == ["Chassis", "Power Supply Module 0"]
    brief = isr.send_command("show ip interface brief")
    assert "GigabitEthernet0/0/0" in brief and "GigabitEthernet0/2 " not in brief
    assert isr.send_command("dir").startswith("Directory of bootflash:/")


def test_isr4331_napalm_facts(isr: Any) -> None:
    from napalm import get_network_driver

    device = get_network_driver("ios")(
        isr.host, LAB_USERNAME, LAB_PASSWORD, optional_args={"port": isr.port}
    )
    device.open()
    try:
        facts = device.get_facts()
        assert facts["model"] == "ISR4331/K9" and "17.9.4a" in facts["os_version"]
        assert facts["interface_list"][1] == "GigabitEthernet0/0/0"
        device.load_merge_candidate(config="logging buffered 8192\nend\n")
        assert "+logging buffered 8192" in device.compare_config()
        device.commit_config()
    finally:
        device.close()
