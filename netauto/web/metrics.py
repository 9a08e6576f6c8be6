"""``GET /metrics``: the fleet's latest poll samples and netauto's own figures, for Prometheus.

Allowed with a bearer token (any role: ``Authorization: Bearer nta_...``), or without one from
the machine itself (a loopback peer and no proxy header: behind nginx every request comes from
loopback, so a forwarded one needs the token). Per router, from its newest ``poll`` sample:
up, warning, uptime, CPU, memory, latency, each interface's octet and error counters and
state. netauto's own: devices by status, runs by runbook and status, run durations (last
day), the spool's pending records, the most overdue schedule's lag.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, g, request
from flask.typing import ResponseReturnValue

from netauto.web.security import PUBLIC, needs, refuse
from netauto.web.state import project

if TYPE_CHECKING:
    from netauto.project import Project

bp = Blueprint("metrics", __name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
FORWARDED = ("Forwarded", "X-Forwarded-For", "X-Real-IP")


def local_request() -> bool:
    """From this machine, not relayed by a proxy."""
    if any(request.headers.get(name) for name in FORWARDED):
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


class FleetCollector:
    """Reads the figures when the registry is collected (once per scrape)."""

    def __init__(self, project: Project, spool_pending: int) -> None:
        self.project = project
        self.spool_pending = spool_pending

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        def gauge(name: str, text: str, labels: list[str]) -> GaugeMetricFamily:
            return GaugeMetricFamily(name, text, labels=labels)

        device = ["device"]
        up = gauge("netauto_device_up", "1 if the last poll reached the router", device)
        warning = gauge("netauto_device_warning", "1 if the last poll found a warning", device)
        uptime = gauge("netauto_device_uptime_seconds", "router uptime at the last poll", device)
        cpu = gauge("netauto_device_cpu_percent", "CPU use, 5-minute average", device)
        memory = gauge("netauto_device_memory_percent", "processor memory pool used", device)
        latency = gauge("netauto_device_latency_seconds", "answer time of the last poll", device)
        age = gauge("netauto_device_sample_timestamp_seconds", "time of the last poll", device)
        port = ["device", "interface"]
        octets_in = CounterMetricFamily(
            "netauto_interface_in_octets", "octets received (ifHCInOctets)", labels=port
        )
        octets_out = CounterMetricFamily(
            "netauto_interface_out_octets", "octets sent (ifHCOutOctets)", labels=port
        )
        errors = CounterMetricFamily(
            "netauto_interface_errors", "input plus output errors", labels=port
        )
        link = gauge("netauto_interface_up", "1 if the interface is operationally up", port)
        for name, sample in sorted(self.project.devices.latest_samples().items()):
            up.add_metric([name], 0 if sample.status == "offline" else 1)
            warning.add_metric([name], 1 if sample.status == "warning" else 0)
            age.add_metric([name], sample.taken_at.timestamp())
            for family, value in (
                (uptime, sample.uptime_seconds),
                (cpu, sample.cpu_percent),
                (memory, sample.memory_percent),
                (latency, None if sample.latency_ms is None else sample.latency_ms / 1000),
            ):
                if value is not None:
                    family.add_metric([name], float(value))
            for interface, (received, sent, failed, is_up) in sorted(sample.interfaces.items()):
                octets_in.add_metric([name, interface], received)
                octets_out.add_metric([name, interface], sent)
                errors.add_metric([name, interface], failed)
                link.add_metric([name, interface], 1 if is_up else 0)
        yield from (up, warning, uptime, cpu, memory, latency, age)
        yield from (octets_in, octets_out, errors, link)

        counts = self.project.devices.counts()
        devices = gauge("netauto_devices", "devices in network_devices by status", ["status"])
        for status, count in counts.by_status.items():
            devices.add_metric([status], count)
        yield devices
        figures = self.project.runs.figures()
        runs = CounterMetricFamily(
            "netauto_runs", "runs by runbook and status", labels=["runbook", "status"]
        )
        for (runbook, status), count in sorted(figures.by_status.items()):
            runs.add_metric([runbook, status], count)
        yield runs
        last = gauge("netauto_run_last_duration_seconds", "the last run's duration", ["runbook"])
        day = gauge(
            "netauto_run_duration_seconds_last_day", "total run time, last day", ["runbook"]
        )
        day_count = gauge("netauto_runs_last_day", "finished runs, last day", ["runbook"])
        for runbook, seconds in sorted(figures.last_duration.items()):
            last.add_metric([runbook], seconds)
            day.add_metric([runbook], figures.duration_sum[runbook])
            day_count.add_metric([runbook], figures.duration_count[runbook])
        yield from (last, day, day_count)
        spool = gauge("netauto_spool_pending", "records waiting in the spool file", [])
        spool.add_metric([], self.spool_pending)
        lag = gauge("netauto_scheduler_lag_seconds", "the most overdue active schedule", [])
        lag.add_metric([], figures.scheduler_lag_seconds)
        yield from (spool, lag)


@bp.get("/metrics")
@needs(PUBLIC)
def metrics() -> ResponseReturnValue:
    from prometheus_client import CollectorRegistry, generate_latest

    if g.get("via") != "token" and not local_request():
        return refuse(401, "metrics: send Authorization: Bearer <token>, or ask from loopback")
    found = project()
    registry = CollectorRegistry(auto_describe=False)
    registry.register(FleetCollector(found, found.spool.pending()))
    return Response(generate_latest(registry), content_type=CONTENT_TYPE)
