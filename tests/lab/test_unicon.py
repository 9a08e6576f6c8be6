"""pyATS/unicon, the real client, with its default connection init against both images: R15
(CISCO2911, unicon's ``ios`` plugin) and R16 (ISR4331, ``iosxe``). unicon runs from a venv of its
own (tests/clients.py: Cisco's releases pin what would hold back netauto's dependencies) and
drives the lab over the system's OpenSSH client, as it would a router."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from clients import client_python

from netauto.plugins.credentials import LAB_PASSWORD, LAB_SECRET, LAB_USERNAME

from .pair import R15, R16, pair  # noqa: F401

CLIENT = Path(__file__).with_name("unicon_client.py")
# The first test's setup may install unicon's venv (about a minute, more on a busy machine):
# once per machine, beside the suite's 300 s per test.
pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def unicon() -> Path:
    if shutil.which("ssh") is None:
        pytest.fail("unicon needs an OpenSSH client (Debian's openssh-client)")
    return client_python("unicon")


@pytest.mark.parametrize(("host", "os_name", "name"), [(R15, "ios", "R15"), (R16, "iosxe", "R16")])
def test_unicon_default_init(pair: Any, unicon: Path, host: str, os_name: str, name: str) -> None:  # noqa: F811
    pair.reset()
    try:
        done = subprocess.run(
            [unicon, CLIENT, host, str(pair.port), os_name, name, LAB_USERNAME, LAB_PASSWORD,
             LAB_SECRET],
            capture_output=True, text=True, timeout=240, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        found = json.loads(done.stdout.strip().splitlines()[-1])
        assert found["hostname"] == name
        assert "uptime is" in found["version"] and "Invalid" not in found["version"]
        assert " description set by unicon" in found["interface"]
        # unicon's init config, as IOS stores it: console logging off, no exec timeout
        assert "no logging console" in found["lines"]
        console, vty = found["lines"].split("line vty")
        assert "line con 0" in console and "exec-timeout 0" in console
        assert "exec-timeout 0" in vty
    finally:
        pair.reset()
