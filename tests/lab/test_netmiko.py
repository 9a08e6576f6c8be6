"""netmiko cisco_ios sessions: prompts, modes, abbreviations, carets, grammar, pipes, files."""

from __future__ import annotations

from typing import Any

from netmiko import ConnectHandler

from netauto.lab import start_fleet
from netauto.plugins.credentials import LAB_PASSWORD, LAB_SECRET, LAB_USERNAME

INVALID = "% Invalid input detected at '^' marker."


def test_prompt_and_privilege(ssh: Any) -> None:
    assert ssh.find_prompt() == "R15#"
    assert ssh.send_command("show privilege").strip() == "Current privilege level is 15"


def test_abbreviations(ssh: Any) -> None:
    assert "Cisco IOS Software" in ssh.send_command("sh ver")
    assert "GigabitEthernet0/0" in ssh.send_command("sh ip int br")
    assert ssh.send_command("wr mem").strip().endswith("[OK]")
    output = ssh.send_command("conf t", expect_string=r"\(config\)#")
    assert "Enter configuration commands" in output
    ssh.send_command("end", expect_string=r"R15#")


def test_unknown_command_caret_column(ssh: Any) -> None:
    output = ssh.send_command("show foo")
    caret, message = output.splitlines()[-2:]
    assert message == INVALID
    assert caret.index("^") == len("R15#") + len("show ")


def test_switch_only_commands_are_invalid(ssh: Any) -> None:
    assert INVALID in ssh.send_command("show vlan")
    assert INVALID in ssh.send_command("show switch virtual")


def test_grammar_rejects_typo_with_caret(ssh: Any, lab: Any) -> None:
    output = ssh.send_config_set(["logging bufferd 5"])
    assert INVALID in output
    caret = next(line for line in output.splitlines() if line.strip() == "^")
    assert caret.index("^") == len("R15(config)#") + len("logging ")
    assert "bufferd" not in lab.router("R15").running_config


def test_config_submodes_no_forms_and_prompts(ssh: Any, lab: Any) -> None:
    output = ssh.send_config_set(
        [
            "interface gi0/2",
            "description to R16",
            "ip address 10.1.2.1 255.255.255.252",
            "no shutdown",
            "exit",
            "no ntp server 192.0.2.123",
            "ntp server 192.0.2.200",
            "line vty 0 4",
            "exec-timeout 5 0",
        ]
    )
    assert "R15(config-if)#" in output and "R15(config-line)#" in output
    assert INVALID not in output
    running = lab.router("R15").running_config
    block = running.split("interface GigabitEthernet0/2\n")[1].split("!")[0]
    assert " description to R16" in block
    assert " ip address 10.1.2.1 255.255.255.252" in block
    assert " shutdown" not in block and "no ip address" not in block
    assert "ntp server 192.0.2.123" not in running
    assert "ntp server 192.0.2.200" in running
    assert " exec-timeout 5 0" in running
    brief = ssh.send_command("show ip interface brief")
    assert "GigabitEthernet0/2         10.1.2.1        YES NVRAM  up" in brief


def test_state_survives_reconnect(lab: Any) -> None:
    params = {
        "device_type": "cisco_ios",
        "host": "127.0.0.16",
        "port": lab.port,
        "username": LAB_USERNAME,
        "password": LAB_PASSWORD,
    }
    with ConnectHandler(**params) as conn:
        conn.send_config_set(["hostname CORE16"])
        assert conn.find_prompt() == "CORE16#"
    with ConnectHandler(**params) as conn:
        assert conn.find_prompt() == "CORE16#"
        assert "CORE16 uptime is" in conn.send_command("show version")


def test_pipes(ssh: Any) -> None:
    include = ssh.send_command("show running-config | include logging")
    assert include.splitlines() == [
        "logging buffered 16384 informational",
        "logging host 192.0.2.50",
        " logging synchronous",
    ]
    section = ssh.send_command("show run | section interface GigabitEthernet0/0")
    assert section.splitlines()[0] == "interface GigabitEthernet0/0"
    assert " description uplink to core" in section and "Loopback0" not in section
    begin = ssh.send_command("show running-config | begin line vty")
    assert begin.splitlines()[0] == "line vty 0 4"
    exclude = ssh.send_command("show ip interface brief | exclude unassigned")
    assert "GigabitEthernet0/2" not in exclude
    bad = ssh.send_command("show version | foo bar")
    assert INVALID in bad


def test_dir_verify_more_copy(ssh: Any) -> None:
    ssh.send_config_set(["file prompt quiet"])
    assert "bytes copied" in ssh.send_command("copy running-config flash:/backup.cfg")
    listing = ssh.send_command("dir flash:")
    assert "Directory of flash:/" in listing and "backup.cfg" in listing
    assert "bytes free)" in listing
    assert "Directory of flash:/backup.cfg" in ssh.send_command("dir flash:/backup.cfg")
    assert "No such file" in ssh.send_command("dir flash:/nope.cfg")
    assert "verify /md5 (flash:/backup.cfg) = " in ssh.send_command("verify /md5 flash:/backup.cfg")
    assert "hostname R15" in ssh.send_command("more flash:/backup.cfg")


def test_copy_prompts_for_destination_without_file_prompt_quiet(ssh: Any) -> None:
    output = ssh.send_command(
        "copy running-config flash:/x.cfg", expect_string=r"Destination filename"
    )
    assert "[x.cfg]?" in output
    assert "bytes copied" in ssh.send_command_timing("\n")


def test_show_commands_for_getters(ssh: Any) -> None:
    assert "Default domain is lab.netauto.example" in ssh.send_command("show hosts")
    assert "PID: CISCO2911/K9" in ssh.send_command("show inventory")
    assert "Archive feature not enabled" not in ssh.send_command("show archive")
    assert "No Rollback Confirmed Change pending" in ssh.send_command(
        "show archive config rollback timer"
    )
    assert "Device ID: core-sw1" in ssh.send_command("show cdp neighbors detail")
    assert "10.0.15.1" in ssh.send_command("show arp")
    assert "UTC" in ssh.send_command("show clock")
    assert "Temperature Value" in ssh.send_command("show env temperature status")


def test_do_in_config_mode(ssh: Any) -> None:
    output = ssh.send_config_set(["do show clock"])
    assert "UTC" in output


def test_user_mode_login_needs_enable() -> None:
    with start_fleet(routers="R40", user_mode=True) as fleet:
        params = {
            "device_type": "cisco_ios",
            "host": fleet.address("R40"),
            "port": fleet.port,
            "username": LAB_USERNAME,
            "password": LAB_PASSWORD,
        }
        with ConnectHandler(**params, secret=LAB_SECRET) as conn:
            assert conn.find_prompt() == "R40>"
            assert INVALID in conn.send_command("show running-config")
            conn.enable()
            assert conn.find_prompt() == "R40#"
            assert "hostname R40" in conn.send_command("show running-config")
        with ConnectHandler(**params) as conn:
            output = conn.send_command_timing("enable")
            assert output.strip().endswith("Password:")
            output = conn.send_command_timing("wrong")
            output += conn.send_command_timing("wrong")
            output += conn.send_command_timing("wrong")
            assert "% Bad secrets" in output
            assert conn.find_prompt() == "R40>"
