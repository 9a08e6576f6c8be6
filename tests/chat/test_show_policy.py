"""The show allow-list: what is sent, what is refused (no router involved)."""

from __future__ import annotations

import pytest

from netauto.exceptions import CommandRefused, ConfigError
from netauto.show_policy import DEFAULT_ALLOWED, parse_policy

POLICY = parse_policy(DEFAULT_ALLOWED, "config.yaml")


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("show version", "show version"),
        ("sh ip int br", "show ip interface brief"),
        ("show ip int", "show ip interface"),
        ("SHOW RUN", "show running-config"),
        ("show interfaces GigabitEthernet0/1", "show interfaces GigabitEthernet0/1"),
        ("show int desc", "show interfaces description"),
        ("show ip route 10.0.0.0", "show ip route 10.0.0.0"),
        ("show run | i ntp server", "show running-config | include ntp server"),
        ("show run | sec line vty", "show running-config | section line vty"),
        ("show logging | count", "show logging | count"),
    ],
)
def test_allowed_commands_are_written_out_in_full(given: str, sent: str) -> None:
    assert POLICY.check(given) == sent


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("reload", "only show commands"),
        ("configure terminal", "only show commands"),
        ("copy run start", "only show commands"),
        ("show run | redirect flash:x.cfg", "not one of include"),
        ("show run | tee flash:x", "not one of include"),
        ("show run | append flash:x", "not one of include"),
        ("show tech-support", "not an allowed show command"),
        ("show tech", "not an allowed show command"),
        ("show version\nreload", "one line"),
        ("show version ?", "help"),
        ("show", "not an allowed show command"),
        ("show i", "ambiguous"),
        ("show run | i a | i b", "at most one"),
        ("show interfaces Gi0/1;reload", "odd argument"),
        ("", "empty"),
    ],
)
def test_everything_else_is_refused(given: str, why: str) -> None:
    with pytest.raises(CommandRefused, match=why):
        POLICY.check(given)


def test_show_tech_only_when_listed() -> None:
    policy = parse_policy(["show tech-support", "show version"], "config.yaml")
    assert policy.check("sh tech") == "show tech-support"
    with pytest.raises(CommandRefused):
        policy.check("show ip route")


@pytest.mark.parametrize("bad", [["reload"], ["show"], "show version", [], ["show run | i x"]])
def test_a_bad_list_names_the_key(bad: object) -> None:
    with pytest.raises(ConfigError, match=r"chat\.allowed_commands"):
        parse_policy(bad, "config.yaml")
