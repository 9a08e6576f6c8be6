"""Templates: every shipped template renders from inventory data; errors name where and who."""

from __future__ import annotations

from pathlib import Path

import pytest

from netauto.templating import (
    TemplateError,
    directives,
    parse_lines,
    prune_lines,
    render_template,
    with_pruning,
)

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates"
DATA = {
    "ntp_servers": ["192.0.2.10", "192.0.2.11"],
    "syslog_servers": ["192.0.2.50"],
    "domain_name": "lab.netauto.example",
    "site": "lab",
    "interface_descriptions": {"GigabitEthernet0/1": "LAN users", "GigabitEthernet0/0": "uplink"},
    "acl_name": "MGMT",
    "acl_entries": ["permit 192.0.2.0 0.0.0.255", "deny any"],
}


def render(name: str, **extra: object) -> str:
    return render_template(TEMPLATES, name, {**DATA, **extra}, "R15")


def test_ntp_and_logging() -> None:
    ntp = render("ios/ntp.j2")
    assert [line.text for line in parse_lines(ntp)] == [
        "ntp server 192.0.2.10",
        "ntp server 192.0.2.11",
    ]
    assert directives(ntp) == [("replace", "ntp server")]
    logging = render("ios/logging.j2", logging_trap="warnings")
    assert "logging host 192.0.2.50\nlogging trap warnings\n" in logging


def test_snmp_community_from_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETAUTO_SNMP_COMMUNITY", "n0t-in-git")
    text = render("ios/snmp.j2", snmp_acl="MGMT")
    assert "snmp-server community n0t-in-git RO MGMT\n" in text
    assert "snmp-server location lab\n" in text
    monkeypatch.delenv("NETAUTO_SNMP_COMMUNITY")
    with pytest.raises(TemplateError) as error:
        render("ios/snmp.j2")
    assert str(error.value) == (
        "ios/snmp.j2 line 5: setting snmp.community is not set (NETAUTO_SNMP_COMMUNITY, "
        "or `netauto settings set snmp.community`) (host R15)"
    )


def test_interfaces_banner_acl() -> None:
    interfaces = parse_lines(render("ios/interfaces.j2"))
    assert interfaces[1].parents == ("interface GigabitEthernet0/0",)
    assert interfaces[1].text == "description uplink"
    assert render("ios/banner.j2", banner_motd="Lab only").strip() == "banner motd ^CLab only^C"
    acl = render("ios/acl.j2")
    assert " permit 192.0.2.0 0.0.0.255\n deny any\n" in acl
    assert directives(acl) == [("replace-children", "ip access-list standard MGMT")]


def test_missing_variable_names_template_line_and_host() -> None:
    data = {k: v for k, v in DATA.items() if k != "interface_descriptions"}
    with pytest.raises(TemplateError) as error:
        render_template(TEMPLATES, "ios/interfaces.j2", data, "R21")
    assert str(error.value) == (
        "ios/interfaces.j2 line 2: 'interface_descriptions' is undefined (host R21)"
    )
    assert error.value.exit_code == 2


def test_missing_variable_in_an_included_template_names_that_template() -> None:
    data = {k: v for k, v in DATA.items() if k != "syslog_servers"}
    with pytest.raises(TemplateError, match=r"^ios/logging.j2 line 3: 'syslog_servers'"):
        render_template(TEMPLATES, "ios/base.j2", data, "R15")


def test_syntax_error_and_missing_template(tmp_path: Path) -> None:
    (tmp_path / "broken.j2").write_text("ntp server {{ x }\n")
    with pytest.raises(TemplateError, match=r"^broken.j2 line 1: unexpected '}'"):
        render_template(tmp_path, "broken.j2", {}, "R15")
    with pytest.raises(TemplateError, match=r"^template not found: ios/nope.j2"):
        render_template(TEMPLATES, "ios/nope.j2", {}, "R15")


def test_template_given_as_a_path(tmp_path: Path) -> None:
    own = tmp_path / "mine.j2"
    own.write_text("hostname {{ host_name }}\n")
    assert render_template(TEMPLATES, str(own), {"host_name": "R15"}, "R15") == "hostname R15\n"


RUNNING = """\
hostname R15
ntp server 192.0.2.123
ntp server 192.0.2.10
!
ip access-list standard MGMT
 permit 198.51.100.0 0.0.0.255
 permit 192.0.2.0 0.0.0.255
!
logging host 192.0.2.50
end
"""


def test_prune_removes_only_owned_lines_no_longer_wanted() -> None:
    ntp = render("ios/ntp.j2")
    assert prune_lines(ntp, RUNNING) == ["no ntp server 192.0.2.123"]
    acl = render("ios/acl.j2")
    assert prune_lines(acl, RUNNING) == [
        "ip access-list standard MGMT",
        " no permit 198.51.100.0 0.0.0.255",
    ]
    converged = "ntp server 192.0.2.10\nntp server 192.0.2.11\n"
    assert prune_lines(ntp, converged) == []
    assert with_pruning(ntp, converged) == ntp
    with pytest.raises(TemplateError, match="unknown netauto directive"):
        directives("! netauto: delete everything\n")
