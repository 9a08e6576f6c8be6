"""Runbook ``facts``: NAPALM getters per router; network_devices updated from the facts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netauto.engine.declaration import Param, Runbook
from netauto.exceptions import UsageError
from netauto.tasks._getters import DEFAULT_GETTERS, GETTERS
from netauto.text import plural

if TYPE_CHECKING:
    from nornir.core.task import MultiResult

    from netauto.engine.options import RunOptions, Selection
    from netauto.report import HostOutcome, RunReport

RUNBOOK = Runbook(
    "facts",
    "netauto.runbooks.facts:facts",
    "Collect NAPALM getters from each router (model, OS version, serial, uptime, interfaces).",
    help="With the facts getter, network_devices gets model, uptime, status and metadata "
    "(serial, os version, interface count).",
    params=(
        Param(
            "getters",
            "list",
            "NAPALM getters (facts, interfaces, interfaces_ip, environment...), comma "
            "separated or repeated. Default: facts,interfaces,interfaces_ip.",
            default=DEFAULT_GETTERS,
            choices=GETTERS,
            item="getter",
            aliases=("--getter",),
            metavar="NAME",
        ),
    ),
    tool_name="get_facts",
)


def getter_names(names: Sequence[str]) -> list[str]:
    """Known getter names without ``get_``, deduplicated; the defaults when empty."""
    cleaned = [name.strip().removeprefix("get_") for name in names if name.strip()]
    unknown = [name for name in cleaned if name not in GETTERS]
    if unknown:
        raise UsageError(
            f"unknown getter {unknown[0]!r}; choose from {', '.join(GETTERS)}", params=("getters",)
        )
    return list(dict.fromkeys(cleaned)) or list(DEFAULT_GETTERS)


def _uptime(seconds: Any) -> str:
    if not isinstance(seconds, int | float) or seconds < 0:
        return "?"
    days, rest = divmod(int(seconds), 86400)
    return f"{days}d{rest // 3600}h" if days else f"{rest // 3600}h{rest % 3600 // 60:02d}m"


def describe(data: dict[str, Any]) -> str:
    """One line per host: the facts first, then a count for each other getter."""
    from netauto.ios_version import software

    parts = []
    found = data.get("facts")
    if isinstance(found, dict):
        parts += [
            str(found.get("model", "?")),
            software(found.get("os_version"))[:40],
            f"serial {found.get('serial_number', '?')}",
            f"up {_uptime(found.get('uptime'))}",
        ]
    interfaces = data.get("interfaces")
    if isinstance(interfaces, dict):
        up = sum(1 for i in interfaces.values() if i.get("is_up"))
        parts.append(f"{plural(len(interfaces), 'interface')}, {up} up")
    addressed = data.get("interfaces_ip")
    if isinstance(addressed, dict):
        parts.append(f"{len(addressed)} with IP")
    for name, value in data.items():
        if name not in DEFAULT_GETTERS:
            size = len(value) if isinstance(value, dict | list) else 1
            parts.append(f"{name}: {plural(size, 'entry', 'entries')}")
    return " | ".join(parts)


def _describe(host: str, multi: MultiResult) -> HostOutcome:
    from netauto.report import HostOutcome
    from netauto.secrets import mask, mask_data

    # A getter's answer masked as a config is (users' passwords, communities: by their key).
    data = mask_data(multi[0].result, text=mask)
    return HostOutcome(host, "ok", detail=describe(data), data=data)


def facts(
    selection: Selection | None = None,
    *,
    getters: Sequence[str] = DEFAULT_GETTERS,
    options: RunOptions | None = None,
) -> RunReport:
    """Collect NAPALM getters from each router; ``data`` maps getter name to its answer.

    With the facts getter, network_devices gets model, uptime, status and metadata (serial,
    os version, interface count). An unknown getter is a UsageError before any router.
    """
    from netauto.engine.outcomes import outcomes
    from netauto.engine.session import open_run
    from netauto.tasks.get_facts import get_facts

    names = getter_names(getters)
    arguments = {"getters": names}
    with open_run(
        "facts", selection, options, arguments=arguments, drivers=("napalm",), close_when_done=True
    ) as run:
        result = run.nr.run(task=get_facts, getters=names)
    return run.report(outcomes(result, _describe))
