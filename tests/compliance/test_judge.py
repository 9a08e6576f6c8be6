"""The judge on its own: every rule option is applied (Golden Config #1061 loaded them only)."""

from __future__ import annotations

import pytest

from netauto.compliance import Feature, judge, parse_rules, select
from netauto.exceptions import ConfigError, UsageError

RUNNING = """\
Building configuration...
!
hostname R15
interface GigabitEthernet0/1
 description LAN R15
 ip address 172.16.15.1 255.255.255.0
 shutdown
interface GigabitEthernet0/2
 description spare
ntp server 192.0.2.123
ntp server 192.0.2.99
ip access-list standard MGMT
 deny any
 permit 192.0.2.0 0.0.0.255
banner motd ^Cold text^C
end
"""


def _feature(**rules: object) -> Feature:
    data = {"name": "f", "template": "ios/x.j2", **rules}
    return parse_rules({"features": [data]})[0]


def test_missing_and_extra_lines_and_the_negating_fix() -> None:
    result = judge(_feature(match=["ntp server"]), RUNNING, "ntp server 192.0.2.123\n")
    assert (result.status, result.missing, result.extra) == (
        "non-compliant",
        [],
        ["ntp server 192.0.2.99"],
    )
    assert result.remediation == ["no ntp server 192.0.2.99"]


def test_extra_lines_that_do_not_count() -> None:
    feature = _feature(match=["ntp server"], extra_lines=False)
    assert judge(feature, RUNNING, "ntp server 192.0.2.123\n").compliant
    missing = judge(feature, RUNNING, "ntp server 192.0.2.10\n")
    assert missing.remediation == ["ntp server 192.0.2.10"]  # nothing of the router removed
    # A section the intent lacks is reported, and neither counts nor is negated.
    interfaces = _feature(regex=["^interface "], extra_lines=False)
    intended = "interface GigabitEthernet0/1\n description LAN R15\n bandwidth 10000\n"
    result = judge(interfaces, RUNNING, intended)
    assert result.extra[:2] == [
        "interface GigabitEthernet0/1",
        " ip address 172.16.15.1 255.255.255.0",
    ]
    assert "interface GigabitEthernet0/2" in result.extra
    assert result.remediation == ["interface GigabitEthernet0/1", " bandwidth 10000"]


def test_ignore_and_intended_sections_only() -> None:
    intended = "interface GigabitEthernet0/1\n description LAN R15\n"
    loose = _feature(regex=["^interface "], intended_sections_only=True)
    assert judge(loose, RUNNING, intended).extra == [
        "interface GigabitEthernet0/1",
        " ip address 172.16.15.1 255.255.255.0",
        " shutdown",
    ]
    ignoring = _feature(
        regex=["^interface "], intended_sections_only=True, ignore=["^ip address ", "^shutdown$"]
    )
    assert judge(ignoring, RUNNING, intended).compliant
    every = _feature(regex=["^interface "], ignore=["^ip address ", "^shutdown$"])
    assert judge(every, RUNNING, intended).extra == [
        "interface GigabitEthernet0/2",
        " description spare",
    ]


def test_a_replaced_description_is_missing_and_extra() -> None:
    feature = _feature(regex=["^interface GigabitEthernet0/2$"])
    result = judge(feature, RUNNING, "interface GigabitEthernet0/2\n description uplink\n")
    assert result.missing == ["interface GigabitEthernet0/2", " description uplink"]
    assert result.extra == ["interface GigabitEthernet0/2", " description spare"]


def test_order_matters_only_when_asked() -> None:
    intended = "ip access-list standard MGMT\n permit 192.0.2.0 0.0.0.255\n deny any\n"
    assert judge(_feature(match=["ip access-list standard MGMT"]), RUNNING, intended).compliant
    ordered = judge(_feature(match=["ip access-list"], ordered=True), RUNNING, intended)
    assert not ordered.compliant
    assert (ordered.missing, ordered.extra) == ([], [])
    assert ordered.order == ["ip access-list standard MGMT"]
    # hier-config rewrites the entries in order, without the numbers it gives them (IOS
    # prints none, and appends an entry sent without one).
    assert ordered.remediation == [
        "ip access-list standard MGMT",
        " no deny any",
        " no permit 192.0.2.0 0.0.0.255",
        " permit 192.0.2.0 0.0.0.255",
        " deny any",
    ]


def test_one_line_banner() -> None:
    feature = _feature(match=["banner motd"])
    assert judge(feature, RUNNING, "banner motd ^Cold text^C\n").compliant
    new = judge(feature, RUNNING, "banner motd ^CAuthorized only^C\n")
    assert new.missing == ["banner motd ^CAuthorized only^C"]
    assert new.extra == ["banner motd ^Cold text^C"]
    assert new.remediation == ["banner motd ^CAuthorized only^C"]  # a new banner replaces


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({}, "needs a 'features' list"),
        ({"features": [{"name": "ntp", "template": "t"}]}, "give match"),
        ({"features": [{"name": "Bad", "template": "t", "match": ["x"]}]}, "name must be"),
        ({"features": [{"name": "a", "template": "t", "regex": ["("]}]}, "bad regex"),
        ({"features": [{"name": "a", "template": "t", "match": "x", "order": 1}]}, "'order'"),
        ({"features": [{"name": "a", "template": "t", "match": "x", "ordered": 1}]}, "true or"),
    ],
)
def test_bad_rules_name_the_problem(rules: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_rules(rules)


def test_select_names_unknown_features() -> None:
    features = parse_rules({"features": [{"name": "ntp", "template": "t", "match": "ntp"}]})
    assert select(features, None) == features
    with pytest.raises(UsageError, match="'bgp' is not a feature"):
        select(features, ["bgp"])


def test_the_post_check_compares_words_not_alignment() -> None:
    from netauto.tasks.verify_config import missing_lines

    running = "ip access-list standard MGMT\n permit 192.0.2.0 0.0.0.255\n deny   any\n"
    candidate = "ip access-list standard MGMT\n permit 192.0.2.0 0.0.0.255\n deny any\n"
    assert missing_lines(candidate, running) == []
    assert missing_lines(" no deny any\n", "deny   any\n") == ["no deny any"]


def test_the_assistant_tool_returns_the_features_of_a_router_not_compliant() -> None:
    from netauto.chat.router_tools import LOOKS, _results
    from netauto.report import HostOutcome, RunReport

    bad = {"feature": "ntp", "status": "non-compliant", "extra": ["ntp server 192.0.2.99"]}
    report = RunReport(
        "compliance",
        "run-1",
        [
            HostOutcome(
                "R15",
                "compliant",
                detail="1 feature compliant",
                data={"source": "backup", "features": [{"feature": "ntp", "status": "compliant"}]},
            ),
            HostOutcome(
                "R16",
                "non-compliant",
                detail="ntp (-1)",
                data={"source": "backup", "features": [bad]},
            ),
            HostOutcome("R17", "failed", detail="no backup of R17 in backups"),
        ],
    )
    rows = _results(report, LOOKS["compliance"])["results"]
    assert rows[1] == {
        "host": "R16",
        "status": "non-compliant",
        "error": "ntp (-1)",
        "source": "backup",
        "features": [bad],
    }
    assert rows[2] == {"host": "R17", "status": "failed", "error": "no backup of R17 in backups"}
    assert rows[0]["features"] == [{"feature": "ntp", "status": "compliant"}]
