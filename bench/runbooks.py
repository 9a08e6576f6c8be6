"""Benchmark: `netauto backup` and `netauto facts` against a plain thread-pool baseline.

Starts a simulated fleet (11 and 200 routers, loopback only) in a separate process, then
runs, each in a fresh subprocess (interpreter start-up and imports included):

- ``netauto backup`` / ``netauto facts`` with the operations log on SQLite;
- a baseline doing the same work with no logging: netmiko in a ThreadPoolExecutor for the
  backup (show running-config -> file), NAPALM get_facts/interfaces/interfaces_ip in a
  ThreadPoolExecutor for the facts.

Both use the same number of workers. Wall time and CPU time (user+sys of the child) are the
median of ``--repeat`` runs. Usage::

    .venv/bin/python bench/runbooks.py                  # 11 and 200 routers, 3 repeats
    .venv/bin/python bench/runbooks.py --sizes 11 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def write_project(folder: Path, hosts: dict[str, dict[str, object]]) -> Path:
    inventory = folder / "inventory"
    inventory.mkdir(parents=True, exist_ok=True)
    for name in ("groups.yaml", "defaults.yaml"):
        (inventory / name).write_text((REPO / "inventory" / name).read_text())
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config["runner"]["options"]["num_workers"] = WORKERS
    config["user_defined"]["netauto"].update(
        database_url=f"sqlite:///{folder / 'netauto.db'}",
        backups_dir=str(folder / "backups"),
        spool_file=str(folder / "spool.jsonl"),
        num_workers=WORKERS,
    )
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user+sys) of the child, exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        print(f"  ! exit {done.returncode}: {done.stderr.strip()[-300:]}", file=sys.stderr)
    return wall, cpu, done.returncode


def bench(count: int, repeat: int) -> list[tuple[str, float, float, float, float]]:
    fleet, hosts = start_fleet(count)
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="netauto-bench-") as tmp:
            folder = Path(tmp)
            config = write_project(folder, hosts)
            inventory = folder / "inventory" / "hosts.yaml"
            netauto = str(Path(PYTHON).parent / "netauto")
            for kind in ("backup", "facts"):
                ours = [netauto, kind, "--config", str(config), "--json"]
                out = folder / f"baseline-{kind}"
                out.mkdir()
                base = [PYTHON, "-c", BASELINE, kind, str(inventory), str(out), str(WORKERS)]
                ours_runs, base_runs = [], []
                for _ in range(repeat):  # interleaved, so drift hits both alike
                    base_runs.append(measure(base))
                    ours_runs.append(measure(ours))
                rows.append(
                    (
                        kind,
                        statistics.median(w for w, _, _ in ours_runs),
                        statistics.median(c for _, c, _ in ours_runs),
                        statistics.median(w for w, _, _ in base_runs),
                        statistics.median(c for _, c, _ in base_runs),
                    )
                )
    finally:
        assert fleet.stdin is not None
        fleet.stdin.close()
        fleet.wait(30)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="11,200", help="fleet sizes, comma separated")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"workers={WORKERS} repeat={args.repeat} python={sys.version.split()[0]}")
    print(
        "| routers | runbook | netauto wall s | netauto CPU s | baseline wall s "
        "| baseline CPU s | wall ratio |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        for kind, wall, cpu, base_wall, base_cpu in bench(size, args.repeat):
            print(
                f"| {size} | {kind} | {wall:.2f} | {cpu:.2f} | {base_wall:.2f} | {base_cpu:.2f} "
                f"| {wall / base_wall:.2f}x |",
                flush=True,
            )


if __name__ == "__main__":
    main()
