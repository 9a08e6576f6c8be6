"""Parser, grammar, config tree, diffs and addressing, without SSH."""

from __future__ import annotations

import pytest

from netauto.exceptions import LabError
from netauto.lab.addressing import plan
from netauto.lab.configtree import Configurator, contextual_diff, parse_config, render
from netauto.lab.defaults import check_secret, default_config, hash_secret_line
from netauto.lab.parse import ParseError, canonical_interface


def tree() -> Configurator:
    root, failed = parse_config(default_config("R15", 15))
    assert failed == []
    return Configurator(root)


@pytest.mark.parametrize(
    ("line", "column"),
    [("logging bufferd 5", 8), ("ip adress 1.1.1.1", 3), ("hostnme X", 0), ("ntp server x", 11)],
)
def test_grammar_rejects_with_column(line: str, column: int) -> None:
    with pytest.raises(ParseError) as error:
        tree().apply(line)
    assert (error.value.kind, error.value.column) == ("invalid", column)


def test_incomplete_and_ambiguous() -> None:
    with pytest.raises(ParseError, match="incomplete"):
        tree().apply("ntp server")
    with pytest.raises(ParseError, match="ambiguous"):
        tree().apply("ip s")


def test_abbreviations_are_stored_in_full() -> None:
    conf = tree()
    conf.apply("int gi 0/1")
    conf.apply("ip add 10.1.1.1 255.255.255.0")
    assert conf.mode == "if"
    block = conf.root.find("interface GigabitEthernet0/1")
    assert block is not None and block.find("ip address 10.1.1.1 255.255.255.0")
    assert block.find("ip address 172.16.15.1 255.255.255.0") is None


def test_submode_falls_back_to_parent_mode() -> None:
    conf = tree()
    conf.apply("interface Loopback5")
    conf.apply("logging buffered 9000")
    assert conf.mode == "config"
    assert conf.root.find("logging buffered 9000") is not None


def test_no_forms() -> None:
    conf = tree()
    conf.apply("no logging buffered")
    conf.apply("ip http server")
    conf.apply("no ip domain lookup")
    conf.apply("interface GigabitEthernet0/0")
    conf.apply("no ip address")
    text = "\n".join(render(conf.root))
    assert "logging buffered" not in text
    assert "ip http server" in text and "no ip http server" not in text
    assert "no ip domain lookup" in text
    gi0 = conf.root.find("interface GigabitEthernet0/0")
    assert gi0 is not None and gi0.find("no ip address") is not None
    conf.apply("no interface Loopback0")
    assert conf.root.find("interface Loopback0") is None


def test_contextual_diff_format() -> None:
    old, _ = parse_config(default_config("R15", 15))
    conf = tree()
    conf.apply("interface GigabitEthernet0/2")
    conf.apply("ip address 10.2.2.1 255.255.255.0")
    conf.apply("router ospf 1")
    conf.apply("network 10.0.0.0 0.255.255.255 area 0")
    assert contextual_diff(old, conf.root) == [
        "interface GigabitEthernet0/2",
        " +ip address 10.2.2.1 255.255.255.0",
        "+router ospf 1",
        " +network 10.0.0.0 0.255.255.255 area 0",
        "interface GigabitEthernet0/2",
        " -no ip address",
    ]


def test_secrets_are_hashed() -> None:
    line = hash_secret_line("username ops privilege 15 secret s3cret")
    assert "s3cret" not in line and " secret 9 $9$" in line
    assert check_secret(line.split(" secret ")[1], "s3cret")
    assert not check_secret(line.split(" secret ")[1], "other")


def test_interface_names() -> None:
    assert canonical_interface("gi0/1") == "GigabitEthernet0/1"
    assert canonical_interface("Lo0") == "Loopback0"
    assert canonical_interface("te1/0/1") == "TenGigabitEthernet1/0/1"
    assert canonical_interface("x0") is None


def test_plan_default_and_large() -> None:
    default = plan()
    assert [s.name for s in default] == [f"R{n}" for n in range(15, 26)]
    assert default[0].address == "127.0.0.15" and default[-1].address == "127.0.0.25"
    big = plan(500)
    assert big[-1].name == "R514" and big[-1].address == "127.0.2.2"
    assert len({s.address for s in big}) == 500
    assert [s.address for s in plan(routers="R17,R20-R21")] == [
        "127.0.0.17",
        "127.0.0.20",
        "127.0.0.21",
    ]


def test_plan_rejects_non_loopback_and_bad_ranges() -> None:
    with pytest.raises(LabError, match="loopback"):
        plan(base="192.0.2.1")
    with pytest.raises(LabError, match="bad router range"):
        plan(routers="R20-R15")
    with pytest.raises(LabError, match="either"):
        plan(3, "R15")
