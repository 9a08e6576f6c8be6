"""Configuration cases run by a real client (netmiko ``cisco_ios``) on both images.

A case is a list of steps; each step sends config lines with ``send_config_set`` and then
checks ``show running-config`` and what the router answered:

* ``present``/``absent``: running-config lines (indentation included); a line starting with
  ``re:`` is a regular expression for a whole line; a text with several lines is a section:
  its first line a block header, the others lines that block holds (``present``) or does not
  hold (``absent``);
* ``order``: lines that appear in this order; ``text``: lines printed exactly so, in a run;
* ``output``/``quiet``: texts the router printed (did not print) in configuration mode.

``{uplink}``, ``{lan}``, ``{spare}`` are the router's ports, ``{peer}`` the uplink's neighbour
and ``{n}`` the router's number. The tests (tests/lab/test_config_*.py) and the fidelity
bench (bench/lab_fidelity.py) run the same tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from netauto.plugins.credentials import LAB_PASSWORD, LAB_USERNAME

MODELS = ("CISCO2911", "ISR4331")


@dataclass(frozen=True)
class Step:
    send: tuple[str, ...]
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    output: tuple[str, ...] = ()
    quiet: tuple[str, ...] = ()  # texts the router must not print
    order: tuple[str, ...] = ()  # running-config lines that appear in this order
    text: tuple[str, ...] = ()  # runs of running-config lines, exactly as printed


@dataclass(frozen=True)
class Case:
    name: str
    steps: tuple[Step, ...]
    models: tuple[str, ...] = MODELS

    @property
    def id(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


def removal(
    name: str,
    create: list[str],
    present: list[str],
    remove: list[str],
    absent: list[str] | None = None,
    stays: list[str] | None = None,
    models: tuple[str, ...] = MODELS,
) -> Case:
    """Create an object, see it, remove it with ``no``, see it gone (and ``stays`` kept)."""
    return Case(
        name,
        (
            Step(tuple(create), present=tuple(present)),
            Step(tuple(remove), absent=tuple(absent or present), present=tuple(stays or ())),
        ),
        models,
    )


@dataclass
class Target:
    """One router of a fleet, driven over netmiko."""

    fleet: Any
    name: str
    model: str
    conn: Any = field(default=None)

    @property
    def number(self) -> int:
        return int(self.name[1:])

    def values(self) -> dict[str, str]:
        prefix = "0/0/" if self.model == "ISR4331" else "0/"
        ports = [f"GigabitEthernet{prefix}{i}" for i in range(3)]
        return {
            "uplink": ports[0],
            "lan": ports[1],
            "spare": ports[2],
            "peer": f"10.{self.number >> 8}.{self.number & 0xFF}.254",
            "n": str(self.number),
        }

    def connect(self) -> Any:
        from netmiko import ConnectHandler

        if self.conn is None:
            self.conn = ConnectHandler(
                device_type="cisco_ios",
                host=self.fleet.address(self.name),
                port=self.fleet.port,
                username=LAB_USERNAME,
                password=LAB_PASSWORD,
                fast_cli=True,
            )
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.disconnect()
            self.conn = None


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.replace("\r", "").split("\n")]


def has(lines: list[str], expected: str) -> bool:
    if "\n" in expected:
        header, *inside = expected.split("\n")
        block = _section(lines, header)
        return block is not None and all(has(block, line) for line in inside)
    body = expected.lstrip()
    if body.startswith("re:"):
        pattern = re.compile(re.escape(expected[: len(expected) - len(body)]) + body[3:])
        return any(pattern.fullmatch(line) for line in lines)
    return expected in lines


def lacks(lines: list[str], expected: str) -> bool:
    if "\n" in expected:
        header, *inside = expected.split("\n")
        block = _section(lines, header)
        return block is not None and not any(has(block, line) for line in inside)
    return not has(lines, expected)


def _section(lines: list[str], header: str) -> list[str] | None:
    if header not in lines:
        return None
    start = lines.index(header) + 1
    depth = len(header) - len(header.lstrip())
    block = []
    for line in lines[start:]:
        if len(line) - len(line.lstrip()) <= depth or line.strip() == "!":
            break
        block.append(line)
    return block


def run_case(target: Target, case: Case) -> list[str]:
    """The problems of one case on one router (empty when the router did as IOS does)."""
    values = target.values()
    target.fleet.reset(target.name)
    conn = target.connect()
    problems: list[str] = []
    for index, step in enumerate(case.steps, 1):
        sent = [line.format(**values) for line in step.send]
        output = conn.send_config_set(sent)
        running = _lines(conn.send_command("show running-config"))
        for expected in step.present:
            if not has(running, expected.format(**values)):
                problems.append(f"step {index}: missing {expected.format(**values)!r}")
        for unwanted in step.absent:
            if not lacks(running, unwanted.format(**values)):
                problems.append(f"step {index}: still there {unwanted.format(**values)!r}")
        places = [
            running.index(x.format(**values)) if x.format(**values) in running else -1
            for x in step.order
        ]
        if places != sorted(places) or -1 in places:
            problems.append(
                f"step {index}: out of order {list(zip(step.order, places, strict=True))}"
            )
        joined = "\n".join(running)
        for text in step.text:
            if text.format(**values) not in joined:
                problems.append(f"step {index}: not printed as {text.format(**values)!r}")
        printed = output.replace("\r", "")
        for text in step.output:
            if text.format(**values) not in printed:
                problems.append(f"step {index}: no {text.format(**values)!r} in {output!r}")
        for text in step.quiet:
            if text.format(**values) in printed:
                problems.append(f"step {index}: {text.format(**values)!r} in {output!r}")
    return problems


def run_table(target: Target, cases: list[Case]) -> tuple[int, int, list[str]]:
    """(passed, total, failed case names) of a table on one router, for the bench."""
    passed, failed, total = 0, [], 0
    for case in cases:
        if target.model not in case.models:
            continue
        total += 1
        try:
            problems = run_case(target, case)
        except Exception as error:  # a client error counts as a failed case
            first = (str(error).strip().splitlines() or [""])[0]
            problems = [f"{type(error).__name__}: {first}"]
            target.close()
        if problems:
            failed.append(f"{case.name}: {problems[0]}")
        else:
            passed += 1
    return passed, total, failed
