"""The index's pieces without a fleet: config lines, addresses, queries, document sections."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime

import pytest

from netauto.exceptions import UsageError
from netauto.search.docs import sections
from netauto.search.lines import addresses, config_lines
from netauto.search.query import parse_query


def ip(text: str) -> int:
    return int(ipaddress.IPv4Address(text))


def test_addresses_leave_masks_and_wildcards_out() -> None:
    assert addresses("ip address 10.1.1.1 255.255.255.0") == (ip("10.1.1.1"),)
    assert addresses("ip route 0.0.0.0 0.0.0.0 192.0.2.1") == (ip("0.0.0.0"), ip("192.0.2.1"))
    assert addresses("access-list 10 permit 10.0.0.0 0.0.255.255") == (ip("10.0.0.0"),)
    assert addresses("network 10.9.0.0 0.0.0.255 area 0") == (ip("10.9.0.0"),)
    assert addresses("logging host 192.0.2.50") == (ip("192.0.2.50"),)
    assert addresses("ntp server 999.1.1.1") == ()
    assert addresses("version 15.1") == ()


def test_config_lines_masked_under_their_parent_without_the_noise() -> None:
    text = (
        "Building configuration...\n\nCurrent configuration : 123 bytes\n!\n"
        "hostname R15\nenable secret 9 $9$abc$def\ninterface GigabitEthernet0/1\n"
        " ip address 10.1.1.1 255.255.255.0\n description uplink\n!\n"
        "snmp-server community Public-Canary RO\nend\n"
    )
    found = [(line.parent, line.line) for line in config_lines(text)]
    assert found == [
        ("", "hostname R15"),
        ("", "enable secret 9 <removed>"),
        ("", "interface GigabitEthernet0/1"),
        ("interface GigabitEthernet0/1", "ip address 10.1.1.1 255.255.255.0"),
        ("interface GigabitEthernet0/1", "description uplink"),
        ("", "snmp-server community <removed> RO"),
    ]


def test_queries() -> None:
    address = parse_query(" 192.0.2.50 ")
    assert (address.low, address.high) == (ip("192.0.2.50"), ip("192.0.2.50"))
    block = parse_query("10.0.0.0/8")
    assert (block.low, block.high) == (ip("10.0.0.0"), ip("10.255.255.255"))
    words = parse_query("ip   http server")
    assert (words.text, words.terms, words.is_address) == (
        "ip http server",
        ("ip", "http", "server"),
        False,
    )
    for bad in ("", "  ", "!!!", "10.0.0.0/40", "x" * 201):
        with pytest.raises(UsageError):
            parse_query(bad)


def test_sections_one_per_heading_with_unique_anchors() -> None:
    text = "intro\n# Title\n\nbody\n## Same\none\n## Same\ntwo\n```\n# not a heading\n```\n"
    found = sections("project:notes.md", text, sig="1-2", at=datetime(2026, 12, 1, tzinfo=UTC))
    assert [(doc.ref, doc.title) for doc in found] == [
        ("project:notes.md", "notes.md"),
        ("project:notes.md#title", "notes.md: Title"),
        ("project:notes.md#same", "notes.md: Same"),
        ("project:notes.md#same-1", "notes.md: Same"),
    ]
    assert "# not a heading" in found[-1].body


def test_sections_mask_config_quoted_as_inline_code() -> None:
    text = (
        "# Standard\nSet `snmp-server community CANARY-7f3a RO 10` on every router;\n"
        "```\nusername ops secret 0 CANARY-9b1c\n```\n"
    )
    [doc] = sections("project:std.md", text, sig="1-2", at=datetime(2026, 12, 1, tzinfo=UTC))
    assert "CANARY" not in doc.body, doc.body
    assert "`snmp-server community <removed> RO 10`" in doc.body
