"""Benchmark: `netauto backup` and `netauto facts` against a plain thread-pool baseline.

Starts a simulated fleet (loopback only) in a separate process, then runs, each in a fresh
subprocess (interpreter start-up and imports included):

- ``netauto backup`` / ``netauto facts`` with the operations log on SQLite;
- a baseline doing the same work with no logging and no host-key checking: netmiko in a
  ThreadPoolExecutor for the backup (show running-config -> file), NAPALM
  get_facts/interfaces/interfaces_ip in a ThreadPoolExecutor for the facts.

Both use the same number of workers. Wall time, CPU time (user+sys of the child) and peak
memory (the child's ru_maxrss) are the median of ``--repeat`` interleaved runs; the load
average at the end of each size is printed with it, since the CPU figures are the robust
ones on a shared machine. ``--profile DIR`` adds one run per contender under cProfile (every
thread, timed in thread CPU seconds), writes DIR/<size>-<runbook>-<contender>.prof and prints
the top items by cumulative CPU. Usage::

    .venv/bin/python bench/runbooks.py                      # 11 and 200 routers, 3 repeats
    .venv/bin/python bench/runbooks.py --sizes 11,200,1000 --repeat 3
    .venv/bin/python bench/runbooks.py --sizes 200 --kinds backup --profile /tmp/prof
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import yaml

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORKERS = 20

FLEET = """
import sys, time
from netauto.lab.fleet import start_fleet
with start_fleet(count=int(sys.argv[1])) as fleet:
    print(fleet.port, flush=True)
    for name in fleet.names:
        print(name, fleet.address(name), flush=True)
    print("ready", flush=True)
    sys.stdin.read()
"""

BASELINE = """
import sys, yaml
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
hosts = yaml.safe_load(open(sys.argv[2]))
kind, out = sys.argv[1], Path(sys.argv[3])
def backup(item):
    from netmiko import ConnectHandler
    name, h = item
    with ConnectHandler(device_type="cisco_ios", host=h["hostname"], port=h["port"],
                        username="netauto", password="netauto-lab",
                        secret="netauto-enable") as conn:
        (out / f"{name}.cfg").write_text(conn.send_command("show running-config"))
def facts(item):
    from napalm import get_network_driver
    name, h = item
    device = get_network_driver("ios")(h["hostname"], "netauto", "netauto-lab",
        optional_args={"port": h["port"], "secret": "netauto-enable"})
    device.open()
    try:
        return [device.get_facts(), device.get_interfaces(), device.get_interfaces_ip()]
    finally:
        device.close()
with ThreadPoolExecutor(max_workers=int(sys.argv[4])) as pool:
    list(pool.map(backup if kind == "backup" else facts, hosts.items()))
"""

# Runs a script (argv[2:]) with one cProfile per thread, timed in thread CPU seconds, and
# writes the merged statistics to argv[1]. cProfile alone sees only the main thread.
PROFILE = """
import cProfile, pstats, runpy, sys, threading, time
out, script = sys.argv[1], sys.argv[2]
sys.argv = sys.argv[2:]
profiles = []
def start(frame, event, arg):
    sys.setprofile(None)
    profile = cProfile.Profile(time.thread_time)
    profiles.append(profile)
    profile.enable()
threading.setprofile(start)
main = cProfile.Profile(time.thread_time)
profiles.append(main)
main.enable()
try:
    if script == "-c":
        code, sys.argv = sys.argv[1], ["-c", *sys.argv[2:]]
        exec(compile(code, "<baseline>", "exec"), {"__name__": "__main__"})
    else:
        runpy.run_path(script, run_name="__main__")
except SystemExit:
    pass
finally:
    main.disable()
    stats = pstats.Stats(main)
    for profile in profiles[1:]:
        try:
            stats.add(profile)
        except TypeError:  # a thread that never ran Python code
            pass
    stats.dump_stats(out)
"""


class Run(NamedTuple):
    wall: float
    cpu: float
    peak_mb: float
    code: int


class Row(NamedTuple):
    kind: str
    ours: Run
    base: Run


def start_fleet(count: int) -> tuple[subprocess.Popen[str], dict[str, dict[str, object]]]:
    process = subprocess.Popen(
        [PYTHON, "-c", FLEET, str(count)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    hosts: dict[str, dict[str, object]] = {}
    for line in process.stdout:
        if line.strip() == "ready":
            break
        name, address = line.split()
        hosts[name] = {"hostname": address, "port": port, "groups": ["routers"]}
    return process, hosts


def write_project(folder: Path, hosts: dict[str, dict[str, object]], workers: int) -> Path:
    inventory = folder / "inventory"
    inventory.mkdir(parents=True, exist_ok=True)
    for name in ("groups.yaml", "defaults.yaml"):
        (inventory / name).write_text((REPO / "inventory" / name).read_text())
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config["runner"]["options"] = {
        **(config["runner"].get("options") or {}),
        "num_workers": workers,
    }
    config["user_defined"]["netauto"].update(
        database_url=f"sqlite:///{folder / 'netauto.db'}",
        backups_dir=str(folder / "backups"),
        spool_file=str(folder / "spool.jsonl"),
        num_workers=workers,
    )
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def measure(command: list[str]) -> Run:
    """Wall seconds, CPU seconds (user+sys) and peak RSS of this child alone, exit code."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace").strip()[-300:]
            print(f"  ! exit {child.returncode}: {tail}", file=sys.stderr)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss / 1024, child.returncode)


def median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        statistics.median(r.peak_mb for r in runs),
        max(r.code for r in runs),
    )


def show_profile(path: Path, top: int) -> None:
    import pstats

    print(f"\n{path.name}: top {top} by cumulative thread-CPU seconds")
    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(top)


def bench(
    count: int, repeat: int, workers: int, kinds: list[str], profile: Path | None, top: int
) -> list[Row]:
    fleet, hosts = start_fleet(count)
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="netauto-bench-") as tmp:
            folder = Path(tmp)
            config = write_project(folder, hosts, workers)
            inventory = folder / "inventory" / "hosts.yaml"
            netauto = str(Path(PYTHON).parent / "netauto")
            for kind in kinds:
                ours = [netauto, kind, "--config", str(config), "--json"]
                out = folder / f"baseline-{kind}"
                out.mkdir()
                base = [PYTHON, "-c", BASELINE, kind, str(inventory), str(out), str(workers)]
                ours_runs, base_runs = [], []
                for _ in range(repeat):  # interleaved, so drift hits both alike
                    base_runs.append(measure(base))
                    ours_runs.append(measure(ours))
                rows.append(Row(kind, median(ours_runs), median(base_runs)))
                if profile is not None:
                    profile.mkdir(parents=True, exist_ok=True)
                    for name, command in (("netauto", ours), ("baseline", base)):
                        target = profile / f"{count}-{kind}-{name}.prof"
                        script = command[0] if name == "netauto" else "-c"
                        rest = command[1:] if name == "netauto" else command[2:]
                        measure([PYTHON, "-c", PROFILE, str(target), script, *rest])
                        show_profile(target, top)
    finally:
        assert fleet.stdin is not None
        fleet.stdin.close()
        fleet.wait(60)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="11,200", help="fleet sizes, comma separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=WORKERS, help="both contenders")
    parser.add_argument("--kinds", default="backup,facts", help="runbooks, comma separated")
    parser.add_argument("--profile", type=Path, default=None, help="folder for cProfile dumps")
    parser.add_argument("--top", type=int, default=25, help="profile lines printed")
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    print(f"workers={args.workers} repeat={args.repeat} python={sys.version.split()[0]}")
    print(
        "| routers | runbook | netauto wall s | netauto CPU s | netauto CPU ms/router "
        "| netauto peak MB | baseline wall s | baseline CPU s | baseline CPU ms/router "
        "| baseline peak MB | wall ratio | CPU ratio | load 1m |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        rows = bench(size, args.repeat, args.workers, kinds, args.profile, args.top)
        load = os.getloadavg()[0]
        for kind, ours, base in rows:
            failed = " (failures)" if ours.code or base.code else ""
            print(
                f"| {size} | {kind}{failed} | {ours.wall:.2f} | {ours.cpu:.2f} "
                f"| {ours.cpu / size * 1000:.1f} | {ours.peak_mb:.0f} | {base.wall:.2f} "
                f"| {base.cpu:.2f} | {base.cpu / size * 1000:.1f} | {base.peak_mb:.0f} "
                f"| {ours.wall / base.wall:.2f}x | {ours.cpu / base.cpu:.2f}x | {load:.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
