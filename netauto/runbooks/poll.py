"""Runbook ``poll``: status, uptime, CPU, memory and interface counters by SNMP, kept as samples.

Every selected router is read at once over SNMPv2c (one asyncio round, ``tasks/_snmp.py``);
a router without SNMP set up (no ``snmp.community`` setting) or that does not answer gets the
SSH health check instead. Each router's state goes to network_devices and a sample to
``device_samples``; complete hours are rolled up and samples past their retention pruned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netauto.engine.declaration import Runbook

if TYPE_CHECKING:
    from nornir.core import Nornir
    from nornir.core.task import AggregatedResult, MultiResult

    from netauto.engine.options import RunOptions, Selection
    from netauto.engine.session import RunSession
    from netauto.report import HostOutcome, RunReport
    from netauto.tasks._snmp import SnmpTarget

RUNBOOK = Runbook(
    "poll",
    "netauto.runbooks.poll:poll",
    "Read status, uptime, CPU, memory and interface counters of each router by SNMP.",
    help="SNMPv2c with the snmp.community setting, all routers at once; a router without SNMP "
    "or that does not answer gets the SSH health check. Warning above the health thresholds "
    "(CPU, memory, latency_ms, interface_errors). network_devices is updated and one sample "
    "per router stored (poll.samples_days, hourly roll-ups poll.rollup_days). A router "
    "offline fails the run.",
    ai_tool=False,
)


def _describe(host: str, multi: MultiResult) -> HostOutcome:
    from netauto.report import HostOutcome

    data = multi[0].result
    reasons = list(data["reasons"])
    error = str(data.get("snmp_error") or "")
    if error:
        reasons.append(f"by SSH (SNMP: {error[:1].lower()}{error[1:]})")
    detail = "; ".join(reasons)
    return HostOutcome(host, data["state"], detail=detail, data={**data, "interfaces": {}})


def targets(nr: Nornir, run: RunSession) -> list[SnmpTarget]:
    """Where each router answers SNMP: its ``snmp_port`` data, the lab's port for lab
    routers, else ``snmp.port``; none without a community."""
    from netauto.tasks._snmp import SnmpTarget

    community = run.settings.value("snmp.community")
    if not community:
        return []
    lab_port = None
    if run.context.lab_hosts:
        from netauto.lab.target import lab_target

        lab_port = lab_target(run.settings).snmp_port
    found = []
    strangers = []  # lab routers sent to the lab's SNMP port while this project's lab is down
    for name, host in nr.inventory.hosts.items():
        port = host.get("snmp_port")  # the host's data, else its groups', else the defaults
        if port is None and name in run.context.lab_hosts:
            if lab_port is None:  # this project's lab answers no SNMP: SSH at once
                continue
            port = lab_port
            strangers += [name] if run.context.lab_problem else []
        port = port or run.settings.value("snmp.port") or 161
        found.append(SnmpTarget(name, host.hostname or name, int(port), str(community)))
    if strangers:  # the SSH port's warning is the run's already; SNMP is a port of its own
        from netauto.text import names

        run.warnings.append(
            f"{names(sorted(strangers), 5)}: SNMP udp {lab_port} is not a lab this project "
            "started either"
        )
    return found


def _samples(result: AggregatedResult) -> list[dict[str, Any]]:
    samples = []
    for host in sorted(result):
        multi = result[host]
        data = multi[0].result if not multi.failed and isinstance(multi[0].result, dict) else {}
        samples.append(
            {
                "device": host,
                "status": data.get("state", "offline"),
                "source": data.get("source", "ssh"),
                "latency_ms": data.get("response_ms"),
                "cpu_percent": data.get("cpu_percent"),
                "memory_percent": data.get("memory_percent"),
                "uptime_seconds": data.get("uptime_seconds"),
                "interfaces": data.get("interfaces") or None,
            }
        )
    return samples


def keep(run: RunSession, result: AggregatedResult) -> None:
    """Store the samples, roll up complete hours, prune; a database error is a warning."""
    from netauto.db import samples
    from netauto.exceptions import DatabaseError

    url = run.context.database_url
    try:
        samples.store_samples(url, _samples(result))
        samples.roll_up(url)
        samples.prune(
            url,
            samples_days=int(run.settings.value("poll.samples_days") or 2),
            rollup_days=int(run.settings.value("poll.rollup_days") or 90),
        )
    except DatabaseError as error:
        run.warnings.append(f"samples not stored: {error}")


def poll(selection: Selection | None = None, *, options: RunOptions | None = None) -> RunReport:
    """Read status, uptime, CPU, memory and interface counters of each router by SNMP.

    A router without SNMP (no ``snmp.community``) or that does not answer gets the SSH health
    check. Warning above the ``health`` thresholds; offline fails. network_devices updated,
    one sample per router stored in ``device_samples``.
    """
    from netauto.db.samples import latest_samples
    from netauto.engine.outcomes import outcomes
    from netauto.engine.session import open_run
    from netauto.exceptions import DatabaseError
    from netauto.tasks._snmp import read_routers
    from netauto.tasks.poll_device import poll_device

    with open_run("poll", selection, options) as run:
        chosen = targets(run.nr, run)
        timeout = float(run.settings.value("poll.timeout") or 2)
        retries = int(run.settings.value("poll.retries") or 0)
        readings = read_routers(chosen, timeout=timeout, retries=retries) if chosen else {}
        try:
            latest = latest_samples(run.context.database_url) if readings else {}
        except DatabaseError:
            latest = {}
        result = run.nr.run(
            task=poll_device,
            readings={h: r.to_dict() for h, r in readings.items() if r.error is None},
            previous={h: s.interfaces for h, s in latest.items() if h in readings},
            snmp_errors={h: r.error for h, r in readings.items() if r.error is not None},
        )
        keep(run, result)
    found = outcomes(result, _describe, failed_status="offline")
    online = sum(1 for outcome in found if outcome.status == "online")
    warning = sum(1 for outcome in found if outcome.status == "warning")
    offline = len(found) - online - warning
    by_snmp = len([h for h, r in readings.items() if r.error is None])
    return run.report(
        found,
        summary=f"{online} online, {warning} warning, {offline} offline "
        f"({by_snmp} by SNMP, {len(found) - by_snmp} by SSH).",
    )
