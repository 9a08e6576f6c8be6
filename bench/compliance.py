"""Benchmark: compliance of 1,000 routers' stored backups, in seconds (issue 25).

Builds a throwaway project of ``--routers`` routers (loopback addresses, never connected to:
``netauto compliance`` judges the latest backups), the repository's templates and default
rules (compliance.yaml: ntp, logging, banner, interfaces, acl), a SQLite operations log, and
one backup per router: a lab router's running-config (84 lines), one in ten drifted (an extra
NTP server and another interface description). Then, each ``--repeat`` times:

- the ``compliance`` runbook (library call, the threaded runner): render each feature's
  template per router, judge it on hier-config, store the results and the operations log;
- the judge alone: parse each backup and judge the five features against intents rendered
  once beforehand (the hier-config share of the above).

Reported: wall seconds, CPU seconds (this process) and CPU milliseconds per router, median.

    .venv/bin/python bench/compliance.py                  # 1,000 routers, 3 repeats
    .venv/bin/python bench/compliance.py --routers 200 --repeat 1
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent

BACKUP = """\
version 15.7
service timestamps debug datetime msec
service timestamps log datetime msec
no service password-encryption
hostname {name}
boot-start-marker
boot-end-marker
logging buffered 16384 informational
no aaa new-model
clock timezone UTC 0 0
ip domain name lab.netauto.example
ip cef
ipv6 unicast-routing
ipv6 cef
ip scp server enable
ip ssh version 2
!
archive
 path flash:archive
 write-memory
!
interface Loopback0
 description router-id
 ip address 10.255.0.1 255.255.255.255
!
interface GigabitEthernet0/0
 description uplink to core
 ip address 10.0.15.1 255.255.255.0
 duplex auto
 speed auto
!
interface GigabitEthernet0/1
 description {lan}
 ip address 172.16.15.1 255.255.255.0
 duplex auto
 speed auto
!
interface GigabitEthernet0/2
 description spare
 no ip address
 shutdown
 duplex auto
 speed auto
!
ip forward-protocol nd
no ip http server
no ip http secure-server
ip access-list standard MGMT
 permit 192.0.2.0 0.0.0.255
 deny any
logging trap informational
logging host 192.0.2.50
{ntp}banner motd ^CAuthorized access only. Activity is logged.^C
!
line con 0
 logging synchronous
!
line aux 0
!
line vty 0 4
 login local
 transport input ssh
!
end
"""


def make_project(folder: Path, routers: int) -> Path:
    inventory = folder / "inventory"
    inventory.mkdir(parents=True)
    for name in ("groups.yaml", "defaults.yaml"):
        shutil.copy(REPO / "inventory" / name, inventory / name)
    hosts = {
        f"R{i}": {
            "hostname": f"127.1.{i // 250}.{i % 250 + 1}",
            "groups": ["routers"],
            "data": {
                "interface_descriptions": {
                    "GigabitEthernet0/0": "uplink to core",
                    "GigabitEthernet0/1": f"LAN R{i}",
                }
            },
        }
        for i in range(routers)
    }
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config["user_defined"]["netauto"].update(
        database_url=f"sqlite:///{folder / 'netauto.db'}",
        backups_dir=str(folder / "backups"),
        templates_dir=str(REPO / "templates"),
        spool_file=str(folder / "spool.jsonl"),
    )
    (folder / "config.yaml").write_text(yaml.safe_dump(config))
    shutil.copy(REPO / "compliance.yaml", folder / "compliance.yaml")
    backups = folder / "backups"
    backups.mkdir()
    for i in range(routers):
        drifted = i % 10 == 0
        ntp = "ntp server 192.0.2.123\n" + ("ntp server 192.0.2.99\n" if drifted else "")
        lan = "LAN changed by hand" if drifted else f"LAN R{i}"
        (backups / f"R{i}.cfg").write_text(BACKUP.format(name=f"R{i}", lan=lan, ntp=ntp))
    return folder / "config.yaml"


def run_runbook(config: Path) -> tuple[float, float, dict[str, int]]:
    from netauto.runbooks import RunOptions, compliance

    wall, cpu = time.perf_counter(), time.process_time()
    report = compliance(options=RunOptions(config=config))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    statuses: dict[str, int] = {}
    for outcome in report.hosts:
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    return wall, cpu, statuses


def run_judge(folder: Path, routers: int) -> tuple[float, float]:
    from netauto.compliance import judge, load_rules
    from netauto.compliance.hconfig import parse

    features = load_rules(folder)
    intended = {
        "ntp": "ntp server 192.0.2.123\n",
        "logging": "logging host 192.0.2.50\nlogging trap informational\n"
        "logging buffered 16384 informational\n",
        "banner": "banner motd ^CAuthorized access only. Activity is logged.^C\n",
        "interfaces": "interface GigabitEthernet0/0\n description uplink to core\n"
        "interface GigabitEthernet0/1\n description LAN R1\n",
        "acl": "ip access-list standard MGMT\n permit 192.0.2.0 0.0.0.255\n deny any\n",
    }
    texts = [(folder / "backups" / f"R{i}.cfg").read_text() for i in range(routers)]
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        tree = parse(text)
        for feature in features:
            judge(feature, tree, intended[feature.name])
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="netauto-compliance-") as tmp:
        folder = Path(tmp)
        config = make_project(folder, args.routers)
        results: dict[str, list[tuple[float, float]]] = {"runbook": [], "judge only": []}
        statuses: dict[str, Any] = {}
        for _ in range(args.repeat):
            wall, cpu, statuses = run_runbook(config)
            results["runbook"].append((wall, cpu))
            results["judge only"].append(run_judge(folder, args.routers))
    print(f"{args.routers} routers, 5 features, median of {args.repeat}; outcomes: {statuses}")
    print(f"{'what':<12} {'wall s':>8} {'CPU s':>8} {'CPU ms/router':>14}")
    for name, runs in results.items():
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        print(f"{name:<12} {wall:>8.2f} {cpu:>8.2f} {cpu / args.routers * 1000:>14.2f}")


if __name__ == "__main__":
    main()
