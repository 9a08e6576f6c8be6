#!/usr/bin/env python3
"""Install the newest releases in a scratch venv and run the suite there: tools/newest.py.

The README's commands and CI install the lock (requirements-lock.txt), so what PyPI
publishes tomorrow cannot break a user's install or a submission. This script is how we
meet tomorrow's releases on purpose: it makes a fresh venv, installs netauto with every
dependency at the newest release pyproject.toml allows (no lock, no holds), lists what is
newer than the lock, and runs the tests (the pytest arguments given after ``--``; by default
the README test command's, the whole suite on both cores). ``--record`` writes the result into
docs/dependencies.md; then, if the run passed, ``python3 tools/lock.py --upgrade`` moves the
lock forward.

    python3 tools/newest.py --record                # the whole suite, result into the docs
    python3 tools/newest.py -- tests/lab -x         # a part of it
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-lock.txt"
DOCS = ROOT / "docs" / "dependencies.md"
README = ROOT / "README.md"
BEGIN, END = "<!-- newest-result -->", "<!-- /newest-result -->"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    """Package -> release in the lock (the first marker's release when a package forks)."""
    found: dict[str, str] = {}
    for line in LOCK.read_text().splitlines():
        match = PIN.match(line)
        if match:
            found.setdefault(canonical(match.group(1)), match.group(2))
    return found


def readme_pytest_args() -> list[str]:
    """The pytest arguments of the README's test command (``-q -n 2 --dist loadscope``)."""
    text = README.read_text()
    block = text[text.index("<!-- test-command -->") : text.index("<!-- /test-command -->")]
    words = block.split("-m pytest", 1)[1].split("`", 1)[0].split()
    return [word for word in words if word != "-q"]


def installed(python: Path) -> dict[str, str]:
    listing = subprocess.run(
        [python, "-m", "pip", "list", "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {canonical(p["name"]): p["version"] for p in json.loads(listing)}


def install_newest(folder: Path) -> Path:
    venv.create(folder, with_pip=True)
    python = folder / "bin" / "python"
    pip = [python, "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "--upgrade", "pip", "setuptools", "wheel"], check=True)
    subprocess.run(
        [*pip, "--upgrade", "--upgrade-strategy", "eager", "-e", f"{ROOT}[dev]"], check=True
    )
    return python


def run_suite(python: Path, pytest_args: list[str]) -> tuple[int, str, float]:
    """Exit code, pytest's closing line, seconds."""
    started = time.monotonic()
    # NETAUTO_UNLOCKED: the one test that checks the installed releases against the lock
    # (tests/test_dependencies.py) skips, naming this script.
    env = {**os.environ, "CI": os.environ.get("CI", "true"), "NETAUTO_UNLOCKED": "1"}
    command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *pytest_args]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    last = ""
    assert process.stdout is not None
    for line in process.stdout:
        sys.stdout.write(line)
        if line.strip():
            last = line.strip()
    return process.wait(), last.strip("= "), time.monotonic() - started


def report(
    newer: list[tuple[str, str, str]], code: int, summary: str, seconds: float, args: list[str]
) -> str:
    today = datetime.date.today().isoformat()
    python = ".".join(map(str, sys.version_info[:3]))
    what = "the whole suite" if not args else f"`pytest {' '.join(args)}`"
    verdict = "passed" if code == 0 else f"FAILED (exit {code})"
    lines = [
        f"Last run: {today}, Python {python}, {what}: **{verdict}** ({summary}; "
        f"{seconds / 60:.1f} min).",
        "",
    ]
    if newer:
        lines += ["Newer than the lock at that run:", "", "| package | lock | newest |"]
        lines += ["|---|---|---|", *(f"| {n} | {old} | {new} |" for n, old, new in newer)]
    else:
        lines.append("The lock held the newest release of every package at that run.")
    return "\n".join(lines)


def record(text: str) -> None:
    document = DOCS.read_text()
    start, stop = document.index(BEGIN) + len(BEGIN), document.index(END)
    DOCS.write_text(document[:start] + "\n" + text + "\n" + document[stop:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write the result into the docs")
    parser.add_argument("--venv", type=Path, help="keep the scratch venv here")
    parser.add_argument("pytest_args", nargs="*", help="after --: arguments for pytest")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netauto-newest-") as scratch:
        python = install_newest(args.venv or Path(scratch))
        lock, now = locked(), installed(python)
        newer = sorted(
            (name, lock[name], version)
            for name, version in now.items()
            if name in lock and version != lock[name]
        )
        for name, old, new in newer:
            print(f"newer than the lock: {name} {old} -> {new}", file=sys.stderr)
        code, summary, seconds = run_suite(python, args.pytest_args or readme_pytest_args())
    text = report(newer, code, summary, seconds, args.pytest_args)
    print(text)
    if args.record:
        record(text)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
