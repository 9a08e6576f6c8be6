"""netauto lab up --detach / status / fault / reset / config / down, from another process."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from netmiko import ConnectHandler

from netauto.lab.cli import lab
from netauto.lab.fleet import free_port
from netauto.plugins.credentials import LAB_PASSWORD, LAB_USERNAME


def run(*args: str) -> str:
    result = CliRunner().invoke(lab, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_detached_lab_lifecycle(tmp_path: Path) -> None:
    state = tmp_path / "lab"
    port = free_port()
    common = ["--state-dir", str(state), "--config", str(tmp_path / "none.yaml")]
    assert "3 routers" in run("up", "--detach", "--count", "3", "--port", str(port), *common)
    try:
        assert (state / "known_hosts").read_text().startswith(f"[127.0.0.15]:{port} ssh-ed25519")
        assert "R17" in (state / "hosts.yaml").read_text()
        with ConnectHandler(
            device_type="cisco_ios",
            host="127.0.0.15",
            port=port,
            username=LAB_USERNAME,
            password=LAB_PASSWORD,
        ) as conn:
            assert conn.find_prompt() == "R15#"
            conn.send_config_set(["hostname CLI15"])
        assert "hostname CLI15" in run("config", "R15", *common)
        assert "latency=0.5" in run("fault", "R16", "--latency", "0.5", "--scp-disabled", *common)
        status = json.loads(run("status", "--json", *common))
        assert [r["name"] for r in status["routers"]] == ["R15", "R16", "R17"]
        assert status["routers"][1]["faults"] == {"latency": 0.5, "scp_disabled": True}
        assert "CLI15" in run("status", *common)
        run("reset", "R15", *common)
        assert "hostname R15" in run("config", "R15", *common)
        assert "faults none" in run("fault", "R16", "--clear", *common)
    finally:
        run("down", *common)
    assert not (state / "lab.json").exists()
    result = CliRunner().invoke(lab, ["status", *common])
    assert result.exit_code != 0
