"""pyATS/unicon's default connection init works against both images: unicon's exact sequence
(its generic plugin's settings: exec 'term length 0', 'term width 0', 'show version'; config
'no logging console', 'line console 0', 'exec-timeout 0', 'line vty 0 4', 'exec-timeout 0',
then 'end') is replayed with netmiko, since unicon itself is not in the dev extra (its plugins
import Genie, which needs pyATS: ~100 packages, ~780 MB; see docs/lab.md). Genie's parsers need
the same outputs the ntc-templates tests check."""

from __future__ import annotations

from typing import Any

import pytest

from .pair import R15, R16, connect, pair  # noqa: F401

INIT_EXEC = ["term length 0", "term width 0", "show version"]
INIT_CONFIG = ["no logging console", "line console 0", "exec-timeout 0", "line vty 0 4",
               "exec-timeout 0"]  # fmt: skip


@pytest.mark.parametrize("host", [R15, R16])
def test_unicon_default_init(pair: Any, host: str) -> None:  # noqa: F811
    pair.reset()
    conn = connect(pair, host)
    try:
        for command in INIT_EXEC:
            output = conn.send_command(command)
            assert "Invalid" not in output and "%" not in output
        assert "uptime is" in output
        # unicon enters config mode, sends each line and waits for the config prompt
        conn.write_channel("configure terminal\n")
        conn.read_until_pattern(pattern=r"\(config\)#")
        prompts = []
        for line in INIT_CONFIG:
            conn.write_channel(line + "\n")
            text = conn.read_until_pattern(pattern=r"\(config[^)]*\)#")
            assert "Invalid" not in text, (line, text)
            prompts.append(text.strip().splitlines()[-1])
        assert prompts[1].endswith("(config-line)#") and prompts[3].endswith("(config-line)#")
        conn.write_channel("end\n")
        conn.read_until_pattern(pattern=r"#")
        config = conn.send_command("show running-config | section ^line")
        console, vty = config.split("line aux 0")
        assert console.startswith("line con 0\n") and " exec-timeout 0" in console
        assert "line vty 0 4\n" in vty and " exec-timeout 0" in vty
        assert "line console" not in config
        assert conn.find_prompt().endswith("#")
    finally:
        conn.disconnect()
        pair.reset()
