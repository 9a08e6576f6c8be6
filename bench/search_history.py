"""A simulated month of the lab's history, and the questions asked of it (issue 31).

The plan is drawn from a seeded random generator, so the same arguments give the same
changes and questions: every day some routers get new syslog hosts, static routes, SNMP
locations or NTP servers, some toggle ``ip http server``; on a few days a router is down
and the day's backup run fails for it. Each day ends with ``netauto backup`` (a subprocess,
its git commit dated on the simulated day). The project also gets a ``docs/`` folder of
team notes. Each question names what it expects: a router and the day of the version that
first held the line, a document section, or the day's run.

    .venv/bin/python bench/search_history.py --out /tmp/month   # builds it, prints a summary

bench/search.py builds it (per database) and scores the search on it.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
START = "2026-11-01"
LOCATIONS = ["Lyon", "Paris", "Berlin", "Madrid", "Oslo", "Porto", "Turin", "Ghent", "Cork"]
DOCS: dict[str, str] = {
    "standards.md": """# Configuration standards

## Management plane
The HTTP server stays off on every router (`no ip http server`); use SSH version 2 only.

## Syslog
Every router logs to 192.0.2.50 at warnings; a site may add a local collector.

## Enable secret rotation
The enable secret is rotated every quarter by the security team, with a type 9 hash.

## NTP
Two NTP servers per router; the primary is 192.0.2.123.
""",
    "runbooks/onboarding.md": """# Onboarding a new router

## Before the first backup
Add the router to the inventory, check its host key, then run a backup and a facts run.

## Naming
Routers are named R followed by a number; interfaces keep their IOS names.
""",
    "runbooks/maintenance.md": """# Maintenance windows

## Reloads
Reloads happen on Sunday night after a change freeze; announce them a week before.

## Rollback
A failed change is rolled back with `netauto rollback` to the pre-change snapshot.
""",
    "notes/incidents.md": """# Incident notes

## Syslog storm in November
A flapping uplink flooded the collector; we raised the logging trap to warnings.

## Lost static route
A static route to the backup data centre vanished after a manual edit; restored from git.
""",
    "notes/vendors.md": """# Vendors and contracts

## Support contract
The Cisco support contract covers next business day replacement of ISR routers.

## Circuit provider
The WAN circuits come from the regional carrier; tickets go through their portal.
""",
}
DOC_QUESTIONS = [
    ("is the http server allowed on routers?", "http server", "standards.md#management-plane"),
    ("where do routers send syslog?", "syslog collector warnings", "standards.md#syslog"),
    (
        "how often is the enable secret rotated?",
        "enable secret rotated",
        "standards.md#enable-secret-rotation",
    ),
    ("which ntp server is primary?", "primary ntp server", "standards.md#ntp"),
    (
        "what to do before the first backup of a new router?",
        "first backup inventory host key",
        "runbooks/onboarding.md#before-the-first-backup",
    ),
    ("how are routers named?", "routers named number", "runbooks/onboarding.md#naming"),
    ("when do reloads happen?", "reloads sunday night", "runbooks/maintenance.md#reloads"),
    (
        "how is a failed change rolled back?",
        "failed change rolled back snapshot",
        "runbooks/maintenance.md#rollback",
    ),
    (
        "what happened with the syslog storm?",
        "syslog storm flapping uplink",
        "notes/incidents.md#syslog-storm-in-november",
    ),
    (
        "which static route was lost?",
        "static route vanished",
        "notes/incidents.md#lost-static-route",
    ),
    (
        "what does the support contract cover?",
        "support contract replacement",
        "notes/vendors.md#support-contract",
    ),
    ("who provides the WAN circuits?", "wan circuits carrier", "notes/vendors.md#circuit-provider"),
]

# The document questions reworded the way people type them: misspelt, run together, other
# word forms (written before either ranking was tried; bench/search.py asks them with full
# text alone and with embeddings). The stub's embeddings are hashed character trigrams: they
# catch spelling, not meaning ("synchronisation of clocks" misses with both).
REWORDED_QUESTIONS = [
    ("syslgo colelctor", "standards.md#syslog"),
    ("websrever on routers", "standards.md#management-plane"),
    ("timeservers primary", "standards.md#ntp"),
    ("rotations of enable secrets", "standards.md#enable-secret-rotation"),
    ("onboarding newly racked routers", "runbooks/onboarding.md#before-the-first-backup"),
    ("naming conventions", "runbooks/onboarding.md#naming"),
    ("reloading on sundays", "runbooks/maintenance.md#reloads"),
    ("rolling back a failed change", "runbooks/maintenance.md#rollback"),
    ("flapping uplinks flooding logs", "notes/incidents.md#syslog-storm-in-november"),
    ("vanishing static routes", "notes/incidents.md#lost-static-route"),
    ("supportcontract", "notes/vendors.md#support-contract"),
    ("wan circuitry carriers", "notes/vendors.md#circuit-provider"),
    ("synchronisation of clocks", "standards.md#ntp"),
    ("http-server policy", "standards.md#management-plane"),
    ("collecter of logs", "standards.md#syslog"),
]


def reworded() -> list[dict[str, Any]]:
    """The reworded document questions, as the plan's questions are."""
    return [
        {
            "question": query,
            "query": query,
            "kind": "docs",
            "expect": {"kind": "doc", "ref": f"project:{ref}"},
        }
        for query, ref in REWORDED_QUESTIONS
    ]


@dataclass
class Day:
    day: int
    changes: dict[str, list[str]] = field(default_factory=dict)
    down: list[str] = field(default_factory=list)


@dataclass
class Plan:
    routers: list[str]
    days: list[Day]
    questions: list[dict[str, Any]]


def make_plan(routers: list[str], days: int, seed: int) -> Plan:
    """The month's changes and the questions about them."""
    rng = random.Random(seed)
    plan: list[Day] = []
    questions: list[dict[str, Any]] = []
    http_on: set[str] = set()
    since: dict[str, int] = {}
    for number in range(1, days + 1):
        day = Day(number)
        for router in rng.sample(routers, k=min(len(routers), rng.randint(2, 4))):
            index = routers.index(router)
            what = rng.choice(["logging", "route", "location", "ntp", "http"])
            if what == "logging":
                address = f"10.{number}.{index}.{rng.randint(2, 250)}"
                day.changes.setdefault(router, []).append(f"logging host {address}")
                questions.append(
                    _config(f"where is {address} configured?", address, router, number)
                )
            elif what == "route":
                prefix = f"172.{16 + number % 16}.{index * 10 + rng.randint(0, 9)}.0"
                day.changes.setdefault(router, []).append(
                    f"ip route {prefix} 255.255.255.0 10.0.{index}.1"
                )
                questions.append(
                    _config(f"which router routes {prefix}/24?", f"{prefix}/24", router, number)
                )
            elif what == "location":
                place = f"{rng.choice(LOCATIONS)}-{number}{index}"
                day.changes.setdefault(router, []).append(f"snmp-server location DC-{place}")
                questions.append(
                    _config(
                        f"which router is in DC-{place}?",
                        f"snmp-server location DC-{place}",
                        router,
                        number,
                    )
                )
            elif what == "ntp":
                address = f"192.0.2.{100 + number}"
                day.changes.setdefault(router, []).append(f"ntp server {address}")
            else:
                line = "no ip http server" if router in http_on else "ip http server"
                http_on.symmetric_difference_update({router})
                day.changes.setdefault(router, []).append(line)
                if line == "ip http server":  # asked at the end if it is still on
                    since[router] = number
        idle = [r for r in routers if r not in day.changes]
        if number % 7 == 3 and idle:
            down = rng.choice(idle)
            day.down.append(down)
            questions.append(
                {
                    "question": f"which backup failed on {down} on day {number}?",
                    "query": "backup failed",
                    "kind": "runs",
                    "router": down,
                    "expect": {"kind": "run", "day": number},
                }
            )
        plan.append(day)
    for router in sorted(http_on):
        question = f"since when does {router} have ip http server on?"
        expect = _config(question, "ip http server", router, since[router])
        questions.append({**expect, "router": router})
    for question, query, ref in DOC_QUESTIONS:
        questions.append(
            {
                "question": question,
                "query": query,
                "kind": "docs",
                "expect": {"kind": "doc", "ref": f"project:{ref}"},
            }
        )
    return Plan(routers, plan, questions)


def _config(question: str, query: str, router: str, day: int) -> dict[str, Any]:
    return {
        "question": question,
        "query": query,
        "kind": "config",
        "expect": {"kind": "config", "router": router, "day": day},
    }


def write_project(folder: Path, fleet: Any, database_url: str) -> Path:
    inventory = folder / "inventory"
    inventory.mkdir(parents=True, exist_ok=True)
    for name in ("groups.yaml", "defaults.yaml"):
        (inventory / name).write_text((REPO / "inventory" / name).read_text())
    hosts = {
        name: {"hostname": fleet.address(name), "port": fleet.port, "groups": ["routers"]}
        for name in fleet.names
    }
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config["user_defined"]["netauto"].update(
        database_url=database_url,
        backups_dir=str(folder / "backups"),
        spool_file=str(folder / "spool.jsonl"),
    )
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    for name, text in DOCS.items():
        (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(text)
    return path


def configure(fleet: Any, name: str, lines: list[str]) -> None:
    from netmiko import ConnectHandler

    with ConnectHandler(
        device_type="cisco_ios",
        host=fleet.address(name),
        port=fleet.port,
        username="netauto",
        password="netauto-lab",
        secret="netauto-enable",
    ) as connection:
        connection.enable()
        connection.send_config_set(lines)


@dataclass
class History:
    """What building the month left: the project, each day's commit and run, the costs."""

    config: Path
    shas: dict[int, str] = field(default_factory=dict)
    runs: dict[int, str] = field(default_factory=dict)
    backup_cpu: list[float] = field(default_factory=list)
    index_cpu: list[float] = field(default_factory=list)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def backup(config: Path, day: int) -> float:
    """``netauto backup`` dated on the simulated day; the CPU seconds of its process tree."""
    when = f"{START[:8]}{day:02d}T18:00:00+00:00" if day else f"{START}T08:00:00+00:00"
    env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    command = [sys.executable, "-c", "from netauto.cli import main; main()", "backup"]
    child = subprocess.Popen(
        [*command, "--config", str(config), "--user", "bench"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, _, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime


def build(folder: Path, fleet: Any, plan: Plan, database_url: str) -> History:
    """Back the fleet up on day 0, then change and back up day by day."""
    from netauto.db.direct import Database
    from netauto.project import Project
    from netauto.search.index import index_backups

    config = write_project(folder, fleet, database_url)
    history = History(config)
    shadow = Database.connect(f"sqlite:///{folder / 'shadow-index.db'}")
    from netauto.db.migrate import upgrade

    upgrade(f"sqlite:///{folder / 'shadow-index.db'}")
    project = Project.open(config, user="bench")
    for day in [Day(0), *plan.days]:
        for name, lines in day.changes.items():
            configure(fleet, name, lines)
        for name in day.down:
            fleet.set_fault(name, down=True)
        history.backup_cpu.append(backup(config, day.day))
        for name in day.down:
            fleet.clear_faults(name)
        # The index's share: the same indexing again, into a database of its own.
        before = _cpu()
        index_backups(shadow, folder / "backups")
        history.index_cpu.append(_cpu() - before)
        history.shas[day.day] = subprocess.run(
            ["git", "-C", str(folder / "backups"), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        history.runs[day.day] = project.runs.page(limit=1).rows[0].id.hex
    shadow.close()
    return history


def main() -> None:
    import argparse

    from netauto.lab.fleet import start_fleet

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--routers", type=int, default=11)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=31)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with start_fleet(count=args.routers) as fleet:
        plan = make_plan(list(fleet.names), args.days, args.seed)
        started = time.perf_counter()
        build(args.out, fleet, plan, f"sqlite:///{args.out / 'netauto.db'}")
    (args.out / "questions.json").write_text(json.dumps(plan.questions, indent=1))
    print(
        f"{len(plan.days)} days, {len(plan.questions)} questions, "
        f"{time.perf_counter() - started:.0f} s; {args.out}"
    )


if __name__ == "__main__":
    main()
