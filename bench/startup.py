"""Benchmark: how long the command line takes before it does anything.

Runs, each in a fresh interpreter, ``--repeat`` times: ``netauto --help`` (every built-in
command's name and summary), ``netauto backup --help`` and ``import netauto.runbooks`` (the
library's entry). Prints the best and the median wall time of each (target for ``netauto
--help``: under 0.15 s), and the modules ``netauto --help`` imports that are not needed for it
(none of Nornir, NAPALM, netmiko, SQLAlchemy, asyncio, rich should load).

    .venv/bin/python bench/startup.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

PYTHON = sys.executable
NETAUTO = str(Path(PYTHON).parent / "netauto")
HEAVY = ("nornir", "napalm", "netmiko", "sqlalchemy", "asyncio", "rich", "paramiko")
LOADED = """
import sys
from netauto.cli import main
sys.argv = ["netauto", "--help"]
try:
    main()
except SystemExit:
    pass
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1:]))
print("HEAVY", " ".join(heavy), file=sys.stderr)
"""


def timed(command: list[str], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        runs.append(time.perf_counter() - started)
    return min(runs), statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    commands = {
        "netauto --help": [NETAUTO, "--help"],
        "netauto backup --help": [NETAUTO, "backup", "--help"],
        "import netauto.runbooks": [PYTHON, "-c", "import netauto.runbooks"],
        "python -c pass (the interpreter alone)": [PYTHON, "-c", "pass"],
    }
    print(f"| command | best s | median s |  ({args.repeat} runs each)")
    print("|---|---:|---:|")
    for name, command in commands.items():
        best, median = timed(command, args.repeat)
        print(f"| `{name}` | {best:.3f} | {median:.3f} |")
    done = subprocess.run(
        [PYTHON, "-c", LOADED, *HEAVY], check=True, capture_output=True, text=True
    )
    heavy = done.stderr.rsplit("HEAVY", 1)[-1].split()
    print(f"heavy modules loaded by `netauto --help`: {', '.join(heavy) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
