"""Task ``health_check``: reachability, facts, interface state and environment -> a state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from netauto.context import settings_or_none
from netauto.exceptions import DeviceError
from netauto.tasks._device import record_device
from netauto.tasks.check_reachability import check_reachability
from netauto.tasks.get_facts import device_values, get_facts

DEFAULT_THRESHOLDS = {
    "cpu_percent": 80.0,
    "memory_percent": 85.0,
    "min_uptime_seconds": 600.0,
    "latency_ms": 2000.0,
    "interface_errors": 100.0,
}


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes // 60
    return f"{hours}h{minutes % 60:02d}m" if hours < 48 else f"{hours // 24}d"


def cpu_percent(environment: Mapping[str, Any]) -> float | None:
    loads = [float(v.get("%usage", 0)) for v in (environment.get("cpu") or {}).values()]
    return max(loads) if loads else None


def memory_percent(environment: Mapping[str, Any]) -> float | None:
    memory = environment.get("memory") or {}
    used, free = memory.get("used_ram"), memory.get("available_ram")
    if not isinstance(used, int | float) or not isinstance(free, int | float):
        return None
    # NAPALM's ios driver reports available_ram as the pool's total.
    total = free if free >= used else used + free
    return round(100.0 * used / total, 1) if total else None


def assess(
    facts: Mapping[str, Any],
    interfaces: Mapping[str, Any],
    environment: Mapping[str, Any],
    thresholds: Mapping[str, float],
) -> tuple[str, list[str], dict[str, Any]]:
    """(state, reasons, figures) of a reachable router: ``online`` or ``warning``."""
    reasons: list[str] = []
    down = sorted(
        name
        for name, state in interfaces.items()
        if state.get("is_enabled") and not state.get("is_up")
    )
    reasons += [f"{name} admin up, line down" for name in down]
    cpu = cpu_percent(environment)
    if cpu is not None and cpu > thresholds["cpu_percent"]:
        reasons.append(f"cpu {cpu:g}% > {thresholds['cpu_percent']:g}%")
    memory = memory_percent(environment)
    if memory is not None and memory > thresholds["memory_percent"]:
        reasons.append(f"memory {memory:g}% > {thresholds['memory_percent']:g}%")
    uptime = facts.get("uptime")
    if isinstance(uptime, int | float) and 0 <= uptime < thresholds["min_uptime_seconds"]:
        minimum = thresholds["min_uptime_seconds"]
        reasons.append(f"uptime {_duration(uptime)} < {_duration(minimum)} (recent reload)")
    figures = {
        "cpu_percent": cpu,
        "memory_percent": memory,
        "uptime_seconds": uptime,
        "interfaces_up": sum(1 for s in interfaces.values() if s.get("is_up")),
        "interfaces_down": down,
    }
    return ("warning" if reasons else "online"), reasons, figures


def _thresholds(task: Task, overrides: Mapping[str, float | None]) -> dict[str, float]:
    settings = settings_or_none(task)
    configured = dict(settings.health if settings is not None else {})
    merged = {**DEFAULT_THRESHOLDS, **{k: float(v) for k, v in configured.items()}}
    merged.update({k: float(v) for k, v in overrides.items() if v is not None})
    return merged


def _reason(error: NornirSubTaskError) -> str:
    for result in error.result:
        if result.exception is not None and not isinstance(result.exception, NornirSubTaskError):
            return str(result.exception).strip().splitlines()[0]
    return "failed"


def health_check(
    task: Task,
    *,
    cpu_percent: float | None = None,
    memory_percent: float | None = None,
    min_uptime_seconds: float | None = None,
    update_device: bool = True,
) -> Result:
    """Mark the router online, warning or offline, with the reasons.

    Composes ``check_reachability`` (over the napalm connection) and ``get_facts`` (facts,
    interfaces, environment). Warning: an admin-up interface that is down, CPU or memory use
    above a threshold, uptime under the minimum, an answer slower than ``latency_ms``.
    Thresholds default to the ``health`` settings. Offline fails the task with the reason.
    With ``update_device`` (and a netauto Nornir) network_devices gets status, last_seen,
    model, uptime_seconds and metadata.

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``state``, ``reasons``, ``cpu_percent``, ``memory_percent``,
            ``uptime_seconds``, ``interfaces_up``, ``interfaces_down``, ``response_ms``
          * changed (``bool``): always False
    """
    from netauto.clock import utcnow

    limits = _thresholds(
        task,
        {
            "cpu_percent": cpu_percent,
            "memory_percent": memory_percent,
            "min_uptime_seconds": min_uptime_seconds,
        },
    )
    try:
        reach = task.run(check_reachability, plugin="napalm", update_device=False)
        getters = ["facts", "interfaces", "environment"]
        data = task.run(get_facts, getters=getters, update_device=False)[0].result
    except NornirSubTaskError as error:
        if update_device:
            record_device(task, status="offline")
        raise DeviceError(_reason(error)) from None
    state, reasons, figures = assess(data["facts"], data["interfaces"], data["environment"], limits)
    response_ms = reach[0].result["response_ms"]
    if isinstance(response_ms, int | float) and response_ms > limits["latency_ms"]:
        state = "warning"
        reasons.append(f"latency {response_ms:.0f} ms > {limits['latency_ms']:g} ms")
    if update_device:
        values = device_values(data["facts"])
        record_device(task, status=state, last_seen=utcnow(), **values)
    result = {
        "state": state,
        "reasons": reasons,
        **figures,
        "response_ms": response_ms,
    }
    return Result(host=task.host, result=result, changed=False)


health_check.operation_type = "health_check"  # type: ignore[attr-defined]
