"""netauto.ai imports without Nornir, NAPALM, Netmiko or the tasks (the chat assistant's case)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import importlib, json, pkgutil, sys
import netauto.ai
names = [m.name for m in pkgutil.walk_packages(netauto.ai.__path__, "netauto.ai.")]
for name in names:
    importlib.import_module(name)
banned = ("nornir", "napalm", "netmiko", "netauto.tasks")
loaded = sorted(m for m in sys.modules if any(m == b or m.startswith(b) for b in banned))
print(json.dumps({"modules": names, "loaded": loaded}))
"""


def test_every_ai_module_imports_without_nornir_or_the_tasks() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    ).stdout
    report = json.loads(out)
    assert "netauto.ai.providers" in report["modules"]
    assert "netauto.ai.verify" in report["modules"]
    assert report["loaded"] == []
