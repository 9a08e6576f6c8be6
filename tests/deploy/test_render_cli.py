"""netauto render and the deploy command's input checks: no router involved."""

from __future__ import annotations

from pathlib import Path

import pytest
from netauto_testing import DEPLOY_TIMEOUTS, REPO, write_project

from netauto.cli import cli

HOSTS = {
    name: {"hostname": f"127.0.0.{n}", "port": 1, "groups": ["routers"], "data": {"site": "lab"}}
    for n, name in ((15, "R15"), (16, "R16"))
}


@pytest.fixture(name="config")
def config_fixture(tmp_path: Path, sqlite_url: str) -> Path:
    settings = {**DEPLOY_TIMEOUTS, "templates_dir": str(REPO / "templates")}
    return write_project(tmp_path, sqlite_url, HOSTS, settings)


def invoke(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_render_writes_and_shows_candidates_with_secrets_masked(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETAUTO_SNMP_COMMUNITY", "c0mmunity-x")
    out = tmp_path / "candidates"
    code, output = invoke("render", "--config", str(config), "-t", "ios/snmp.j2", "-o", str(out))
    assert code == 0, output
    assert "snmp-server community <removed> RO" in output and "c0mmunity-x" not in output
    assert "Rendered only: no router was touched." in output
    written = (out / "R16.cfg").read_text()
    assert "snmp-server community c0mmunity-x RO\n" in written
    assert "snmp-server location lab\n" in written
    again_code, again = invoke(
        "render", "--config", str(config), "-t", "ios/snmp.j2", "-o", str(out)
    )
    assert again_code == 0 and "2 ok, 0 failed" in again  # same files: nothing changed


def test_missing_variable_is_exit_2_naming_template_line_host(config: Path) -> None:
    code, output = invoke("render", "--config", str(config), "-t", "ios/interfaces.j2", "-H", "R16")
    assert code == 2
    assert output.strip() == (
        "Error: ios/interfaces.j2 line 2: 'interface_descriptions' is undefined (host R16)"
    )


def test_deploy_refuses_bad_input_before_any_router(config: Path, tmp_path: Path) -> None:
    code, output = invoke("deploy", "--config", str(config), "-t", "ios/missing.j2")
    assert code == 2 and output.startswith("Error: template not found: ios/missing.j2")
    code, output = invoke("deploy", "--config", str(config))
    assert code == 2 and "give one of --template or --file" in output
    code, output = invoke(
        "deploy", "--config", str(config), "-t", "ios/ntp.j2", "--revert-in", "90"
    )
    assert code == 2 and "--revert-in needs --commit" in output
    code, output = invoke(
        "deploy", "--config", str(config), "-t", "ios/ntp.j2", "--commit", "--revert-in", "5"
    )
    assert code == 2 and "60<=x<=7200" in output
    broken = tmp_path / "broken.j2"
    broken.write_text("{% for x in y %}\n")
    code, output = invoke("deploy", "--config", str(config), "-t", str(broken))
    assert code == 2 and output.startswith("Error: broken.j2 line 1: Unexpected end of template")
