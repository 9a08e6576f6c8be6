"""Task ``poll_device``: a router's state from what SNMP read, else from the SSH health check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from netauto.context import settings_or_none
from netauto.exceptions import DeviceError
from netauto.tasks._device import record_device
from netauto.tasks.health_check import DEFAULT_THRESHOLDS, _duration, _reason, health_check


def thresholds(task: Task) -> dict[str, float]:
    settings = settings_or_none(task)
    configured = dict(settings.health if settings is not None else {})
    return {**DEFAULT_THRESHOLDS, **{k: float(v) for k, v in configured.items()}}


def assess_reading(
    reading: Mapping[str, Any],
    previous: Mapping[str, list[Any]] | None,
    limits: Mapping[str, float],
) -> tuple[str, list[str]]:
    """(``online`` or ``warning``, reasons) of a router that answered SNMP."""
    reasons: list[str] = []
    cpu, memory = reading.get("cpu_percent"), reading.get("memory_percent")
    latency, uptime = reading.get("latency_ms"), reading.get("uptime_seconds")
    if cpu is not None and cpu > limits["cpu_percent"]:
        reasons.append(f"cpu 5-min {cpu:g}% > {limits['cpu_percent']:g}%")
    if memory is not None and memory > limits["memory_percent"]:
        reasons.append(f"memory {memory:g}% > {limits['memory_percent']:g}%")
    if latency is not None and latency > limits["latency_ms"]:
        reasons.append(f"latency {latency:.0f} ms > {limits['latency_ms']:g} ms")
    if uptime is not None and 0 <= uptime < limits["min_uptime_seconds"]:
        minimum = limits["min_uptime_seconds"]
        reasons.append(f"uptime {_duration(uptime)} < {_duration(minimum)} (recent reload)")
    for name, counters in sorted((reading.get("interfaces") or {}).items()):
        before = (previous or {}).get(name)
        errors = counters.get("in_errors", 0) + counters.get("out_errors", 0)
        if (
            before is not None
            and len(before) > 2
            and errors - before[2] > limits["interface_errors"]
        ):
            reasons.append(
                f"{name} {errors - before[2]} errors since the last poll "
                f"> {limits['interface_errors']:g}"
            )
    return ("warning" if reasons else "online"), reasons


def compact(interfaces: Mapping[str, Mapping[str, Any]]) -> dict[str, list[Any]]:
    """``{name: [in_octets, out_octets, errors, up]}``, as samples keep them."""
    return {
        name: [
            int(c.get("in_octets", 0)),
            int(c.get("out_octets", 0)),
            int(c.get("in_errors", 0)) + int(c.get("out_errors", 0)),
            bool(c.get("up")),
        ]
        for name, c in interfaces.items()
    }


def poll_device(
    task: Task,
    *,
    readings: Mapping[str, Mapping[str, Any]] | None = None,
    previous: Mapping[str, Mapping[str, list[Any]]] | None = None,
    snmp_errors: Mapping[str, str] | None = None,
) -> Result:
    """Mark the router online, warning or offline from an SNMP reading, or over SSH.

    ``readings``: what an SNMP round read, by host (``tasks/_snmp.py``: latency, uptime, CPU,
    memory, interface counters); ``previous``: each host's interfaces at its last sample, for
    the errors since then. A host with no reading (no SNMP set up, or no answer) runs
    ``health_check`` over SSH instead. Warning: CPU, memory or latency above the ``health``
    thresholds, more interface errors since the last poll than ``interface_errors``, uptime
    under the minimum. network_devices gets status, last_seen and uptime_seconds.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``state``, ``reasons``, ``source`` (snmp, ssh),
            ``cpu_percent``, ``memory_percent``, ``uptime_seconds``, ``response_ms``,
            ``interfaces`` (``{name: [in_octets, out_octets, errors, up]}``)
          * changed (``bool``): always False
    """
    from netauto.clock import utcnow

    name = task.host.name
    reading = (readings or {}).get(name)
    if reading is None:
        try:
            data = dict(task.run(health_check)[0].result)
        except NornirSubTaskError as error:  # offline: health_check recorded it; say why
            raise DeviceError(_reason(error)) from None
        note = (snmp_errors or {}).get(name)
        result = {**data, "source": "ssh", "interfaces": {}}
        if note:
            result["snmp_error"] = note
        return Result(host=task.host, result=result, changed=False)
    state, reasons = assess_reading(reading, (previous or {}).get(name), thresholds(task))
    uptime = reading.get("uptime_seconds")
    values: dict[str, Any] = {"status": state, "last_seen": utcnow()}
    if uptime is not None:
        values["uptime_seconds"] = int(uptime)
    record_device(task, **values)
    result = {
        "state": state,
        "reasons": reasons,
        "source": "snmp",
        "cpu_percent": reading.get("cpu_percent"),
        "memory_percent": reading.get("memory_percent"),
        "uptime_seconds": uptime,
        "response_ms": reading.get("latency_ms"),
        "interfaces": compact(reading.get("interfaces") or {}),
    }
    return Result(host=task.host, result=result, changed=False)


poll_device.operation_type = "poll"  # type: ignore[attr-defined]
