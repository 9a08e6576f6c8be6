"""The background processes (scheduler, syslog listener, web server) end a NetautoError the
way every command does: one line on stderr, secrets masked, the error's exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROCESSES = {
    "netauto.scheduler": [],
    "netauto.listener": ["--bind", "127.0.0.1:0"],
    "netauto.web.server": ["--bind", "127.0.0.1:0"],
}


@pytest.mark.parametrize("module", sorted(PROCESSES))
def test_a_missing_config_is_one_line_and_exit_2(module: str, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "config.yaml"
    done = subprocess.run(
        [sys.executable, "-m", module, "--config", str(missing), *PROCESSES[module]],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"Error: file not found ({missing})"]


def test_a_password_in_the_error_is_not_shown(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "user_defined:\n  netauto:\n"
        "    database_url: postgresql://netauto:hunter2secret@127.0.0.1:1/x\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "netauto.web.server", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("Error: unsupported database URL postgresql://netauto:***@")
    assert "hunter2secret" not in line
