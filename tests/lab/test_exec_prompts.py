"""Exec commands that ask first: ``clear counters`` ([confirm]) and ``reload`` (save? then
[confirm]), with netmiko (send_command with expect_string, send_command_timing) and scrapli
(send_prompted_input); cancelling (n, Ctrl-C, another key) cancels as on IOS."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from netauto.lab.state import RELOAD_SECONDS
from netauto.plugins.credentials import LAB_PASSWORD, LAB_USERNAME

from .pair import R15, R16, connect, pair  # noqa: F401


@pytest.fixture
def r15(pair: Any) -> Iterator[Any]:  # noqa: F811
    pair.reset()
    conn = connect(pair, R15)
    yield conn
    conn.disconnect()
    pair.reset()


def _cleared(conn: Any) -> str:
    return str(conn.send_command("show interfaces GigabitEthernet0/0 | include Last clearing"))


def test_clear_counters_confirmed_with_expect_string(r15: Any) -> None:
    assert "counters never" in _cleared(r15)
    out = r15.send_command("clear counters", expect_string=r"\[confirm\]")
    assert 'Clear "show interface" counters on all interfaces [confirm]' in out
    r15.send_command("\n", expect_string=r"R15#")
    assert "counters 00:00:0" in _cleared(r15)
    # Counters restart from zero and move with the lab's traffic (a few hundred packets/s).
    shown = r15.send_command("show interfaces GigabitEthernet0/0")
    assert int(re.search(r"(\d+) packets input", shown).group(1)) < 5000  # type: ignore[union-attr]
    assert "%CLEAR-5-COUNTERS: Clear counter on all interfaces by netauto" in r15.send_command(
        "show logging | include CLEAR"
    )


@pytest.mark.parametrize("answer", ["n", "\x03", "x"])
def test_clear_counters_cancelled(r15: Any, answer: str) -> None:
    out = r15.send_command_timing("clear counters GigabitEthernet0/1")
    assert out.strip().endswith('Clear "show interface" counters on this interface [confirm]')
    r15.send_command_timing(answer)
    assert "counters never" in _cleared(r15)
    assert r15.find_prompt() == "R15#"


def test_reload_cancelled_keeps_session(r15: Any) -> None:
    out = r15.send_command_timing("reload")
    assert out.strip().endswith("Proceed with reload? [confirm]")  # nothing unsaved
    r15.send_command_timing("n")
    assert r15.send_command("show version | include uptime").startswith("R15 uptime is 5 weeks")


def test_reload_asks_to_save_and_ctrl_c_cancels(r15: Any) -> None:
    r15.send_config_set(["logging buffered 9999"])  # unsaved: the config is modified
    out = r15.send_command_timing("reload")
    assert "System configuration has been modified. Save? [yes/no]:" in out
    out = r15.send_command_timing("maybe")
    assert "% Please answer 'yes' or 'no'." in out
    r15.send_command_timing("\x03")
    assert r15.find_prompt() == "R15#"


def test_reload_confirmed_drops_session_and_boots_startup(pair: Any) -> None:  # noqa: F811
    pair.reset()
    conn = connect(pair, R15)
    conn.send_config_set(["logging buffered 9999"])  # unsaved: lost by the reload
    out = conn.send_command_timing("reload")
    assert "Save? [yes/no]:" in out
    out = conn.send_command_timing("no")
    assert "Proceed with reload? [confirm]" in out
    conn.write_channel("\n")
    time.sleep(0.5)
    assert not conn.is_alive()
    conn.disconnect()
    with pytest.raises(Exception):  # noqa: B017 - refused while it boots
        connect(pair, R15, conn_timeout=2, auth_timeout=2, banner_timeout=2)
    time.sleep(RELOAD_SECONDS)
    conn = connect(pair, R15)
    try:
        assert "logging buffered 9999" not in conn.send_command("show running-config")
        uptime = conn.send_command("show version | include uptime")
        assert uptime.strip() in ("R15 uptime is 0 minutes", "R15 uptime is 1 minute")
        assert "Last reload reason: Reload Command" in conn.send_command("show version")
    finally:
        conn.disconnect()
        pair.reset()


def test_scrapli_prompted_input(pair: Any) -> None:  # noqa: F811
    from scrapli import Cli
    from scrapli.auth import Options as AuthOptions
    from scrapli.transport import Ssh2Options

    pair.reset()
    cli = Cli(
        R16,
        port=pair.port,
        definition_file_or_name="cisco_iosxe",
        auth_options=AuthOptions(username=LAB_USERNAME, password=LAB_PASSWORD),
        transport_options=Ssh2Options(),
    )
    with cli:
        result = cli.send_prompted_input(
            "clear counters", prompt="[confirm]", prompt_pattern="", response=""
        )
        assert not result.failed
        cleared = cli.send_input("show interfaces GigabitEthernet0/0/0 | include Last clearing")
        assert "counters 00:00:0" in cleared.result
        result = cli.send_prompted_input(
            "reload", prompt="[confirm]", prompt_pattern="", response="n"
        )
        assert not result.failed
        assert "uptime is 5 weeks" in cli.send_input("show version").result
    pair.reset()
