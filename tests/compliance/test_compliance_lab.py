"""compliance and remediate against the simulated fleet: out-of-band changes found and fixed."""

from __future__ import annotations

import difflib
import json
import shutil
from typing import Any

import pytest
from click.testing import CliRunner
from netauto_testing import (
    DEPLOY,
    REPO,
    Project,
    config_body,
    configure_router,
    show_running,
)

from netauto.cli import cli
from netauto.db.compliance import latest_results

RULES = """\
features:
  - name: ntp
    template: ios/ntp.j2
    match: [ntp server, ntp source]
  - name: interfaces
    template: ios/interfaces.j2
    regex: ['^interface ']
    intended_sections_only: true
    ignore: ['^(no )?(ip|ipv6) ', '^(no )?shutdown$', '^duplex ', '^speed ']
"""


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture(scope="module")
def project_options(fleet: Any) -> dict[str, Any]:
    data = {
        name: {
            "interface_descriptions": {
                "GigabitEthernet0/0": "uplink to core",
                "GigabitEthernet0/1": f"LAN {name}",
            }
        }
        for name in fleet.names
    }
    return {**DEPLOY, "router_data": {"ntp_servers": ["192.0.2.123"]}, "data": data}


@pytest.fixture
def judged(project: Project) -> Project:
    (project.folder / "compliance.yaml").write_text(RULES)
    return project


def _report(result: Any) -> dict[str, Any]:
    return {host["host"]: host for host in json.loads(result.output)}


def _features(host: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["feature"]: item for item in host["features"]}


def _ntp(lines: list[str]) -> set[str]:
    return {line for line in lines if line.startswith("ntp ")}


def test_out_of_band_change_found_on_its_feature_and_remediated(judged: Project) -> None:
    fleet = judged.fleet
    clean = judged.run("compliance", "--fresh", "--json")
    assert clean.exit_code == 0, clean.output
    assert {h["status"] for h in _report(clean).values()} == {"compliant"}
    before = config_body(show_running(fleet, "R15"))

    configure_router(judged, "R15", ["no ntp server 192.0.2.123", "ntp server 192.0.2.99"])
    drifted = judged.run("compliance", "--fresh", "--json")
    assert drifted.exit_code == 1, drifted.output
    report = _report(drifted)
    assert [h for h, v in report.items() if v["status"] != "compliant"] == ["R15"]
    features = _features(report["R15"])
    assert features["ntp"]["missing"] == ["ntp server 192.0.2.123"]
    assert features["ntp"]["extra"] == ["ntp server 192.0.2.99"]
    assert features["interfaces"]["status"] == "compliant"
    stored = {(r.host, r.feature): r for r in latest_results(judged.database_url)}
    assert stored[("R15", "ntp")].status == "non-compliant"
    assert stored[("R15", "ntp")].extra == ["ntp server 192.0.2.99"]
    assert stored[("R16", "ntp")].compliant
    assert [row.host for row in judged.operations("compliance_check")][-3:] == sorted(fleet.names)

    text = judged.run("compliance", "-H", "R15")  # the backup --fresh left
    assert text.exit_code == 1
    assert "+ntp server 192.0.2.123\n-ntp server 192.0.2.99\n" in text.output

    preview = judged.run("remediate", "-H", "R15")
    assert preview.exit_code == 0, preview.output
    assert "-ntp server 192.0.2.99" in preview.output
    assert "+ntp server 192.0.2.123" in preview.output
    assert config_body(show_running(fleet, "R15")) != before  # a dry run changed nothing

    fixed = judged.run("remediate", "-H", "R15", "--commit", "--yes")
    assert fixed.exit_code == 0, fixed.output
    assert "1 committed." in fixed.output
    assert "Compliance after the commit: R15 compliant." in fixed.output
    # Exactly the drift undone: the rest of the config byte for byte as it was. (The lab
    # prints a new ntp line where IOS does, after the line sections; its seed config has it
    # before them, so the ntp lines are compared as lines, not by position.)
    after = config_body(show_running(fleet, "R15"))
    assert _ntp(after) == _ntp(before) == {"ntp server 192.0.2.123"}
    rest = [line for line in after if not line.startswith("ntp ")]
    old = [line for line in before if not line.startswith("ntp ")]
    assert rest == old, "\n".join(difflib.unified_diff(old, rest, lineterm=""))
    live = latest_results(judged.database_url, hosts=["R15"])  # judged after the commit
    assert {(r.source, r.status) for r in live} == {("live", "compliant")}


def test_unreachable_router_reported_while_the_others_are_judged(judged: Project) -> None:
    judged.fleet.set_fault("R16", down=True)
    result = judged.run("compliance", "--fresh", "--json")
    assert result.exit_code == 1, result.output
    report = _report(result)
    assert report["R16"]["status"] == "failed"
    assert report["R15"]["status"] == report["R17"]["status"] == "compliant"
    hosts = {row.host for row in latest_results(judged.database_url)}
    assert hosts == {"R15", "R17"}


def test_no_backup_reported_a_schedule_added_bad_input_exit_2(judged: Project) -> None:
    result = judged.run("compliance", "-H", "R15")
    assert result.exit_code == 1
    assert "no backup of R15" in result.output
    logged = len(judged.operations())
    unknown = judged.run("compliance", "--feature", "bgp")
    assert unknown.exit_code == 2
    assert "Error: --feature 'bgp' is not a feature of the rules (known: interfaces, ntp)" in (
        unknown.output
    )
    schedule = ["schedule", "add", "hourly", "--runbook", "compliance", "--every", "1h"]
    added = CliRunner().invoke(cli, [*schedule, "--feature", "ntp", "--config", str(judged.config)])
    assert added.exit_code == 0, added.output
    assert "Schedule hourly: compliance on all, every 1h" in added.output
    (judged.folder / "compliance.yaml").write_text("features:\n  - name: ntp\n")
    broken = judged.run("compliance")
    assert broken.exit_code == 2
    assert "feature ntp: template is required" in broken.output
    assert len(judged.operations()) == logged  # refused before any router


def test_merge_preview_shows_the_replaced_description_removed(judged: Project) -> None:
    snippet = judged.folder / "gi02.cfg"
    snippet.write_text("interface GigabitEthernet0/2\n description X\n")
    result = judged.run("deploy", "-f", str(snippet), "-H", "R15")
    assert result.exit_code == 0, result.output
    # The router's own diff of a merge shows only "+ description X"; the old one went too.
    assert "R15    interface GigabitEthernet0/2\n" in result.output
    assert "      - description spare\n      + description X\n" in result.output
    assert "(+1 -1)" in result.output


def test_the_default_rules_remediate_a_lab_router(project: Project) -> None:
    """compliance.yaml as `netauto init` writes it: the lab router lacks the logging trap, the
    banner and the MGMT ACL; one remediation makes it compliant, and a second changes nothing."""
    shutil.copy(REPO / "compliance.yaml", project.folder / "compliance.yaml")
    fixed = project.run("remediate", "-H", "R17", "--commit", "--yes")
    assert fixed.exit_code == 0, fixed.output
    assert "1 committed. Compliance after the commit: R17 compliant." in fixed.output
    running = show_running(project.fleet, "R17")
    assert "ip access-list standard MGMT\n permit 192.0.2.0 0.0.0.255\n deny   any\n" in running
    assert "logging trap informational\n" in running and "banner motd ^C" in running
    again = project.run("remediate", "-H", "R17")
    assert again.exit_code == 0 and "no change" in again.output, again.output
    judged = project.run("compliance", "-H", "R17", "--fresh")
    assert judged.exit_code == 0, judged.output


def test_a_deploy_judges_the_touched_routers_again(judged: Project) -> None:
    """Every commit goes through the one change flow, which judges what it touched (deploy
    here; rollback, generate and remediate the same way)."""
    snippet = judged.folder / "ntp.cfg"
    snippet.write_text("ntp server 192.0.2.77\n")
    deployed = judged.run("deploy", "-f", str(snippet), "-H", "R16", "--commit", "--yes")
    assert deployed.exit_code == 0, deployed.output
    assert "Compliance after the commit: R16 not compliant (ntp)." in deployed.output
    [row] = latest_results(judged.database_url, hosts=["R16"], features=["ntp"])
    assert (row.source, row.extra) == ("live", ["ntp server 192.0.2.77"])
