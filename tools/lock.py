#!/usr/bin/env python3
"""Refresh requirements-lock.txt, the lock of the whole dependency tree (``python3 tools/lock.py``).

The lock is compiled by uv (``uv pip compile --universal --generate-hashes``: one file for
every platform and Python netauto supports, each release with its hashes) and installed by
plain pip (``pip install --require-hashes -r requirements-lock.txt``), so a fresh machine
needs nothing but Python to install exactly what CI tested. pyproject.toml keeps the ranges
a library needs; the lock pins what the README's commands and ``.ci/run`` install.

By default the releases already in the lock are kept and only what pyproject.toml asks anew
is resolved; ``--upgrade`` moves every package to its newest release allowed by
pyproject.toml and tools/lock-holds.txt (the packages the lock holds back, each with why).
uv itself runs from a scratch venv at the pinned version below; only PyPI is asked.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-lock.txt"
HOLDS = ROOT / "tools" / "lock-holds.txt"
# Outside clients the tests drive from a venv of their own: tools/clients/NAME.in is locked
# into tools/clients/NAME-lock.txt (see tests/clients.py).
CLIENTS = ROOT / "tools" / "clients"
UV = "uv==0.13.9"
INDEX = "https://pypi.org/simple"


def uv_binary(scratch: Path) -> Path:
    venv.create(scratch, with_pip=True)
    subprocess.run([scratch / "bin" / "python", "-m", "pip", "install", "-q", UV], check=True)
    return scratch / "bin" / "uv"


def compile_lock(uv: Path, upgrade: bool, source: Path | None = None) -> None:
    """The project's lock, or (``source``) a client's ``NAME.in`` into ``NAME-lock.txt``."""
    if source is None:
        inputs, output = ["pyproject.toml", "--extra", "dev"], LOCK
    else:
        output = source.with_name(f"{source.stem}-lock.txt")
        inputs = [str(source.relative_to(ROOT))]
    command = [
        str(uv), "pip", "compile", *inputs,
        "--universal",
        "--generate-hashes",
        "--python-version", "3.11",
        "--index-url", INDEX,
        "--constraint", str(HOLDS.relative_to(ROOT)),
        "--custom-compile-command", "python3 tools/lock.py",
        "--output-file", str(output.relative_to(ROOT)),
        "--quiet",
    ]  # fmt: skip
    if upgrade:
        command.append("--upgrade")
    subprocess.run(command, cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--upgrade", action="store_true", help="newest releases allowed (else keep the pins)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netauto-lock-") as scratch:
        uv = uv_binary(Path(scratch))
        compile_lock(uv, args.upgrade)
        for source in sorted(CLIENTS.glob("*.in")):
            compile_lock(uv, args.upgrade, source)
    written = [LOCK, *sorted(CLIENTS.glob("*-lock.txt"))]
    names = ", ".join(str(path.relative_to(ROOT)) for path in written)
    print(f"wrote {names}; run the tests, then commit them", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
