"""Lab outputs parse with the ntc-templates TextFSM templates into correct records."""

from __future__ import annotations

from typing import Any

from ntc_templates.parse import parse_output


def parse(ssh: Any, command: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = parse_output(
        platform="cisco_ios", command=command, data=ssh.send_command(command)
    )
    assert records, f"no records parsed from {command!r}"
    return records


def test_show_version(ssh: Any, lab: Any) -> None:
    (record,) = parse(ssh, "show version")
    assert record["hostname"] == "R15"
    assert record["version"] == "15.7(3)M8"
    assert record["software_image"] == "C2900-UNIVERSALK9-M"
    assert record["hardware"] == ["CISCO2911/K9"]
    assert record["serial"] == [lab.core.server("R15").state.identity.serial]
    assert record["running_image"] == "c2900-universalk9-mz.SPA.157-3.M8.bin"
    assert record["config_register"] == "0x2102"
    assert int(record["uptime_weeks"]) >= 5


def test_show_interfaces(ssh: Any) -> None:
    records = {r["interface"]: r for r in parse(ssh, "show interfaces")}
    assert list(records) == [
        "Loopback0",
        "GigabitEthernet0/0",
        "GigabitEthernet0/1",
        "GigabitEthernet0/2",
    ]
    uplink = records["GigabitEthernet0/0"]
    assert uplink["link_status"] == "up" and uplink["protocol_status"] == "up"
    assert uplink["ip_address"] == "10.0.15.1" and uplink["prefix_length"] == "24"
    assert uplink["description"] == "uplink to core"
    assert uplink["mtu"] == "1500" and uplink["bandwidth"] == "1000000 Kbit"
    assert uplink["mac_address"] == uplink["bia"]
    assert records["GigabitEthernet0/2"]["link_status"] == "administratively down"


def test_show_ip_interface_brief(ssh: Any) -> None:
    records = parse(ssh, "show ip interface brief")
    assert [(r["interface"], r["ip_address"], r["status"], r["proto"]) for r in records] == [
        ("Loopback0", "10.255.0.15", "up", "up"),
        ("GigabitEthernet0/0", "10.0.15.1", "up", "up"),
        ("GigabitEthernet0/1", "172.16.15.1", "up", "up"),
        ("GigabitEthernet0/2", "unassigned", "administratively down", "down"),
    ]


def test_dir(ssh: Any) -> None:
    ssh.send_config_set(["file prompt quiet"])
    ssh.send_command("copy running-config flash:/saved.cfg")
    records = parse(ssh, "dir")
    names = [r["name"] for r in records]
    assert names == ["c2900-universalk9-mz.SPA.157-3.M8.bin", "saved.cfg"]
    assert all(r["file_system"] == "flash:/" for r in records)
    assert int(records[0]["size"]) == 110_260_020
    assert int(records[0]["total_size"]) > int(records[0]["total_free"]) > 0


def test_show_archive(ssh: Any) -> None:
    ssh.send_command("write memory")
    (record,) = parse(ssh, "show archive")[:1]
    assert record["next_filename"] == "flash:archive-1"
    assert record["filenames"] == ["flash:archive-0"]
