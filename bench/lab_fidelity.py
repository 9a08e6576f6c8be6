"""Fidelity of the simulated fleet, per client: how many NAPALM getters, ntc-templates parsers,
scrapli operations and Ansible cisco.ios modules give what the router's state says. Loopback
only.

    python bench/lab_fidelity.py [--json]

The checks are the conformance tests' own tables (tests/lab/test_conformance.py), run on a
configured CISCO2911 (R15); NAPALM getters also run on an ISR4331 (R16). The Ansible row is
tests/lab/test_ansible.py: one ansible-playbook run, each of its tests one check.

The configuration rows are the tables of tests/lab/test_config_*.py (no forms, stored forms,
IP Base config), each case one check, on a CISCO2911 and an ISR4331, and the Ansible resource
modules' states of tests/lab/ansible_states.yaml, each state one check.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netmiko import ConnectHandler
from ntc_templates.parse import parse_output

from netauto.lab import start_fleet
from netauto.plugins.credentials import LAB_PASSWORD, LAB_SECRET, LAB_USERNAME
from tests.lab import test_ansible
from tests.lab.test_conformance import GETTERS, NTC, SETUP

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lab_fidelity_show import families


def _napalm(host: str, port: int, checked: bool) -> tuple[int, int, list[str]]:
    from napalm import get_network_driver

    device = get_network_driver("ios")(
        host, LAB_USERNAME, LAB_PASSWORD, timeout=20, optional_args={"port": port}
    )
    device.open()
    passed, failed = 0, []
    for name, check in GETTERS.items():
        try:
            result = getattr(device, name)()
            if checked:
                check(result)
            passed += 1
        except BaseException as error:  # pytest.fail raises a BaseException
            failed.append(f"{name}: {type(error).__name__}")
    device.close()
    return passed, len(GETTERS), failed


def _ntc(conn: Any) -> tuple[int, int, list[str]]:
    passed, failed = 0, []
    for command, check in NTC.items():
        try:
            records = parse_output(
                platform="cisco_ios", command=command, data=conn.send_command(command)
            )
            if check(records):
                passed += 1
                continue
            failed.append(command)
        except Exception as error:
            failed.append(f"{command}: {type(error).__name__}")
    return passed, len(NTC), failed


def _scrapli(port: int) -> tuple[int, int, list[str]]:
    from scrapli import Cli
    from scrapli.auth import LookupKeyValue
    from scrapli.auth import Options as AuthOptions
    from scrapli.transport import Ssh2Options

    auth = AuthOptions(
        username=LAB_USERNAME,
        password=LAB_PASSWORD,
        lookups=[LookupKeyValue(key="enable", value=LAB_SECRET)],
    )
    steps: list[tuple[str, bool]] = []
    cli = Cli(
        "127.0.0.17",
        port=port,
        definition_file_or_name="cisco_iosxe",
        auth_options=auth,
        transport_options=Ssh2Options(),
    )
    with cli:
        steps.append(("open + enable", "uptime" in cli.send_input("show version").result))
        done = cli.send_inputs(["ntp server 192.0.2.9"], requested_mode="configuration")
        steps.append(("send configs", not done.failed))
        back = cli.send_input(
            "show run | include ntp server 192.0.2.9", requested_mode="privileged_exec"
        )
        steps.append(("config applied", back.result.strip() == "ntp server 192.0.2.9"))
    return sum(ok for _, ok in steps), len(steps), [name for name, ok in steps if not ok]


def _ansible() -> tuple[int, int, list[str]]:
    import tempfile

    with start_fleet(count=1) as fleet:
        conn = ConnectHandler(
            device_type="cisco_ios",
            host="127.0.0.15",
            port=fleet.port,
            username=LAB_USERNAME,
            password=LAB_PASSWORD,
            fast_cli=True,
        )
        conn.send_config_set(test_ansible.SETUP, cmd_verify=False)
        conn.disconnect()
        with (
            start_fleet(routers="R41", models="ISR4331", user_mode=True) as isr,
            tempfile.TemporaryDirectory() as folder,
        ):
            hosts = {
                "R15": (fleet.address("R15"), fleet.port),
                "R15-b": (fleet.address("R15"), fleet.port),
                "R41": (isr.address("R41"), isr.port),
            }
            report = test_ansible.run_playbook(Path(folder), hosts)
        checks: dict[str, Any] = {
            "every task": lambda: test_ansible.test_every_task_passes(report),
            "ios_facts CISCO2911": lambda: test_ansible.test_ios_facts_cisco2911(report, fleet),
            "ios_facts ISR4331": lambda: test_ansible.test_ios_facts_isr4331_after_enable(report),
        }
        for module in test_ansible.GATHERED:
            checks[f"ios_{module}"] = lambda m=module: test_ansible.test_resource_module_gathered(
                report, m
            )
        passed, failed = 0, []
        for name, check in checks.items():
            try:
                check()
                passed += 1
            except BaseException as error:  # pytest.fail raises a BaseException
                failed.append(f"{name}: {type(error).__name__}")
    return passed, len(checks), failed


def _show_families() -> dict[str, tuple[int, int, list[str]]]:
    """The show/exec/platform families (bench/lab_fidelity_show.py) on R15 and an ISR4331."""
    from napalm import get_network_driver

    with start_fleet(count=2, models="R16=ISR4331") as fleet:

        def connect(host: str) -> Any:
            return ConnectHandler(
                device_type="cisco_ios",
                host=host,
                port=fleet.port,
                username=LAB_USERNAME,
                password=LAB_PASSWORD,
                fast_cli=True,
            )

        def napalm_bgp(host: str) -> bool:
            device = get_network_driver("ios")(
                host, LAB_USERNAME, LAB_PASSWORD, timeout=20, optional_args={"port": fleet.port}
            )
            device.open()
            try:
                peers = device.get_bgp_neighbors()["global"]["peers"]
            finally:
                device.close()
            return len(peers) == 2

        rows: dict[str, tuple[int, int, list[str]]] = families(connect, napalm_bgp)
        return rows


def _config_family() -> dict[str, tuple[int, int, list[str]]]:
    """Issue 29's configuration cases (tests/lab/test_config_*.py) on both images, and the
    Ansible resource modules' states (merged, replaced, overridden, deleted: applied, then
    idempotent on a second run)."""
    import tempfile

    from tests.lab import test_config_ipbase, test_config_normalise, test_config_removal
    from tests.lab.config_cases import Target, run_table

    tables = {
        "no forms remove, ACL sequence numbers": [
            *test_config_removal.CASES,
            *test_config_removal.BEHAVIOUR,
        ],
        "stored as IOS stores it": test_config_normalise.CASES,
        "IP Base config (NAT, MQC, SLA...)": test_config_ipbase.CASES,
    }
    rows: dict[str, tuple[int, int, list[str]]] = {}
    with start_fleet(count=2, models="R16=ISR4331") as fleet:
        for name, model in (("R15", "CISCO2911"), ("R16", "ISR4331")):
            target = Target(fleet, name, model)
            for title, cases in tables.items():
                rows[f"Config: {title} ({model})"] = run_table(target, cases)
            target.close()
    with tempfile.TemporaryDirectory() as folder:
        try:
            report = test_ansible.run_states(Path(folder))
        except BaseException as error:  # pytest.fail raises a BaseException
            report, failure = None, f"{type(error).__name__}: {str(error)[:200]}"
        passed, failed = 0, []
        for module, index, state in test_ansible.STATE_STEPS:
            try:
                problems = (
                    test_ansible.state_problems(report, module, index) if report else [failure]
                )
            except Exception as error:
                problems = [f"{type(error).__name__}: {error}"]
            if problems:
                failed.append(f"{module} {state}: {problems[0]}")
            else:
                passed += 1
    rows["Ansible cisco.ios states (applied, then idempotent)"] = (
        passed,
        len(test_ansible.STATE_STEPS),
        failed,
    )
    return rows


def measure() -> dict[str, Any]:
    started = time.perf_counter()
    with start_fleet(count=3, models="R16=ISR4331", user_mode=False) as fleet:
        conn = ConnectHandler(
            device_type="cisco_ios",
            host="127.0.0.15",
            port=fleet.port,
            username=LAB_USERNAME,
            password=LAB_PASSWORD,
            fast_cli=True,
        )
        conn.send_config_set(SETUP)
        rows = {
            "NAPALM ios getters (CISCO2911, checked against state)": _napalm(
                "127.0.0.15", fleet.port, True
            ),
            "NAPALM ios getters (ISR4331, run without error)": _napalm(
                "127.0.0.16", fleet.port, False
            ),
            "ntc-templates cisco_ios parsers (expected records)": _ntc(conn),
        }
        conn.disconnect()
    with start_fleet(routers="R17", user_mode=True) as fleet:
        rows["scrapli 2 cisco_iosxe (user mode, enable, configure)"] = _scrapli(fleet.port)
    rows["Ansible cisco.ios (ios_facts all + resource modules gathered)"] = _ansible()
    rows.update(_show_families())
    rows.update(_config_family())
    return {
        "rows": {k: {"passed": p, "total": t, "failed": f} for k, (p, t, f) in rows.items()},
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure()
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print("| client | passed |\n|---|---|")
    for name, row in result["rows"].items():
        print(f"| {name} | {row['passed']}/{row['total']} |")
        for failure in row["failed"]:
            print(f"|   failed: {failure} | |")
    print(f"\n{result['seconds']} s")


if __name__ == "__main__":
    main()
