"""Outside clients that live in venvs of their own, made from their locks on first use.

pyATS/unicon pins releases that would hold back netauto's own dependencies (pysnmp==7.1.22,
ruamel.yaml.clib<0.2.15), so it is not in the dev extra: ``tools/clients/NAME.in`` is locked
into ``tools/clients/NAME-lock.txt`` by ``python3 tools/lock.py`` and installed, hash-checked,
into ``~/.cache/netauto/clients/NAME`` (``$XDG_CACHE_HOME`` honoured) the first time a test
asks for it, again only when the lock changes: like pip's cache, it outlives a checkout, so a
fresh clone on a machine that ran the tests before does not install it again. Under CI a client
that cannot be installed fails the test; elsewhere it skips it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENVS = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "netauto" / "clients"


def client_python(name: str) -> Path:
    """The Python of client ``name``'s venv, installed from its lock when missing or stale."""
    lock = ROOT / "tools" / "clients" / f"{name}-lock.txt"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    home = VENVS / name
    python, stamp = home / "bin" / "python", home / "lock.sha256"
    VENVS.mkdir(parents=True, exist_ok=True)
    with open(VENVS / f"{name}.lock", "w") as guard:  # two xdist workers: one installs
        fcntl.flock(guard, fcntl.LOCK_EX)
        if python.exists() and stamp.exists() and stamp.read_text() == digest:
            return python
        shutil.rmtree(home, ignore_errors=True)
        venv.create(home, with_pip=True)
        done = subprocess.run(
            [python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "--require-hashes", "-r", lock],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            shutil.rmtree(home, ignore_errors=True)
            errors = [line for line in done.stderr.splitlines() if "is ignored" not in line]
            reason = f"cannot install the {name} client: {(errors or ['pip failed'])[-1]}"
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        stamp.write_text(digest)
    return python
