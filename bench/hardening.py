"""The hardening matrix (issue 16): run every case and print held/broken counts per class.

Each case is a regression test in tests/hardening/ against the simulated fleet and real
databases (SQLite, PostgreSQL); class 10, the web's weaknesses of issue 28, is
tests/web/test_hardening_web.py on the real Flask app (``-k hardening_web``: only those). A
case *holds* when its test passes, and is *broken* when it fails or errors::

    .venv/bin/python bench/hardening.py                 # this checkout
    .venv/bin/python bench/hardening.py --code /tmp/old # the same cases, another checkout's code
    .venv/bin/python bench/hardening.py --cases         # and each case's outcome

``--code`` runs the cases against the netauto of another source tree (for instance
``git archive HEAD | tar -x -C /tmp/old``): what was broken before a fix. Extra arguments go to
pytest (``-k secrets``). Exit status: 0 when every case holds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "hardening"
WEB_CASES = REPO / "tests" / "web" / "test_hardening_web.py"  # issue 28: the web's weaknesses
CLASSES = {
    "lockout": "1 lock-out protection",
    "oplog": "2 operations log never silent",
    "replay": "3 replay keeps the newest state",
    "refusals": "4 refusals and wrong data fail",
    "secrets": "5 secrets masked, files 0600",
    "hostkeys": "6 SSH host keys checked",
    "values": "7 bad values exit 2",
    "bounded": "8 bounded",
    "crash": "9 crashes leave nothing behind",
    "web": "10 web weaknesses (issue 28)",
}
# Issue 30, part A: its own group (part B adds its classes in a group of its own).
CLASSES_ISSUE30_A = {
    "getters": "30a getters' secrets masked everywhere",
    "storable": "30a data the database refuses",
    "paths": "30a paths from data stay inside",
    "exits": "30a exit codes and one-line errors",
}
CLASSES.update(CLASSES_ISSUE30_A)


def _code_path(folder: Path) -> str:
    """PYTHONPATH for another checkout: its netauto, with tasks/ and plugins/ inside it."""
    package = folder / "netauto"
    for name in ("tasks", "plugins"):
        link = package / name
        if not link.exists():
            link.symlink_to(folder / name, target_is_directory=True)
    return str(folder)


def run(code: Path | None, extra: list[str], verbose: bool = False) -> dict[str, Counter[str]]:
    """Run the cases; per class, how many held and how many broke."""
    env = dict(os.environ)
    python = [sys.executable]
    if code is not None:
        env["PYTHONPATH"] = _code_path(code.resolve())
        python.append("-P")  # not this checkout's folder first on sys.path: the other's code
    with tempfile.TemporaryDirectory(prefix="netauto-matrix-") as folder:
        report = Path(folder) / "junit.xml"
        command = [
            *python,
            "-m",
            "pytest",
            str(CASES),
            str(WEB_CASES),
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            "--continue-on-collection-errors",
            *extra,
        ]
        subprocess.run(command, cwd=REPO, env=env, check=False, stdout=subprocess.DEVNULL)
        if not report.exists():
            raise SystemExit("pytest wrote no report: see its output with -s")
        tree = ElementTree.parse(report)
    outcomes: dict[tuple[str, str], str] = {}
    for case in tree.iter("testcase"):
        # A test that fails and then errors in teardown is reported twice: one case.
        name = (case.get("classname") or "", case.get("name") or "")
        if case.find("skipped") is not None:
            outcome = "skipped"
        elif case.find("failure") is not None or case.find("error") is not None:
            outcome = "broken"
        else:
            outcome = "held"
        if outcomes.get(name) != "broken":
            outcomes[name] = outcome
    counts: dict[str, Counter[str]] = {title: Counter() for title in CLASSES.values()}
    for (classname, name), outcome in sorted(outcomes.items()):
        key = classname.rsplit(".", 1)[-1].removeprefix("test_hardening_")
        title = CLASSES.get(key, key)
        counts.setdefault(title, Counter())[outcome] += 1
        if verbose:
            print(f"{outcome:>7}  {key}::{name}")
    for error in tree.iter("testsuite"):
        # A module that cannot even be imported (the code lacks what it tests): all broken.
        if int(error.get("errors") or 0) and not any(True for _ in error.iter("testcase")):
            counts.setdefault("(collection)", Counter())["broken"] += int(error.get("errors") or 0)
    return counts


# Issue 30, part B: the third pass's revert timers, git folders, config text and outages.
THIRD_PASS_B = {
    "revert": "30b dead run's revert timer settled",
    "gitfolder": "30b backups folder git serialised",
    "configtext": "30b config text as users write it",
    "outage": "30b crash and outage paths outside runbooks",
}
CLASSES.update(THIRD_PASS_B)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, help="run the cases against this source tree")
    parser.add_argument("--cases", action="store_true", help="print each case's outcome")
    args, extra = parser.parse_known_args()
    counts = run(args.code, extra, args.cases)
    width = max(len(title) for title in counts)
    print(f"{'class':<{width}}  {'cases':>5}  {'held':>5}  {'broken':>6}")
    total: Counter[str] = Counter()
    for title, count in counts.items():
        cases = sum(count.values())
        print(f"{title:<{width}}  {cases:>5}  {count['held']:>5}  {count['broken']:>6}")
        total.update(count)
    print(f"{'total':<{width}}  {sum(total.values()):>5}  {total['held']:>5}  {total['broken']:>6}")
    return 1 if total["broken"] else 0


if __name__ == "__main__":
    sys.exit(main())
