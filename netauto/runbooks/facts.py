"""``netauto facts``: NAPALM getters per router, as a table or JSON; network_devices updated."""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import runbook_options
from netauto.cli.runbook import HostRow, error_of, open_runbook
from netauto.tasks._getters import GETTERS


def _split(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    names = [n.strip().removeprefix("get_") for v in values for n in v.split(",") if n.strip()]
    unknown = [name for name in names if name not in GETTERS]
    if unknown:
        raise click.BadParameter(f"unknown getter {unknown[0]!r}; choose from {', '.join(GETTERS)}")
    return list(dict.fromkeys(names)) or ["facts", "interfaces", "interfaces_ip"]


def _uptime(seconds: Any) -> str:
    if not isinstance(seconds, int | float) or seconds < 0:
        return "?"
    days, rest = divmod(int(seconds), 86400)
    return f"{days}d{rest // 3600}h" if days else f"{rest // 3600}h{rest % 3600 // 60:02d}m"


def describe(data: dict[str, Any]) -> str:
    """One line per host: the facts first, then a count for each other getter."""
    parts = []
    facts = data.get("facts")
    if isinstance(facts, dict):
        parts += [
            str(facts.get("model", "?")),
            f"IOS {str(facts.get('os_version', '?')).split(',')[-1].strip()[:40]}",
            f"serial {facts.get('serial_number', '?')}",
            f"up {_uptime(facts.get('uptime'))}",
        ]
    interfaces = data.get("interfaces")
    if isinstance(interfaces, dict):
        up = sum(1 for i in interfaces.values() if i.get("is_up"))
        parts.append(f"{len(interfaces)} interfaces, {up} up")
    addressed = data.get("interfaces_ip")
    if isinstance(addressed, dict):
        parts.append(f"{len(addressed)} with IP")
    for name, value in data.items():
        if name not in ("facts", "interfaces", "interfaces_ip"):
            size = len(value) if isinstance(value, dict | list) else 1
            parts.append(f"{name}: {size} entries")
    return " | ".join(parts)


@click.command()
@runbook_options
@click.option(
    "--getter",
    "getters",
    multiple=True,
    callback=_split,
    metavar="NAME",
    help="NAPALM getter (facts, interfaces, interfaces_ip, environment...), comma separated "
    "or repeated. Default: facts,interfaces,interfaces_ip.",
)
def facts(getters: list[str], **options: Any) -> None:
    """Collect NAPALM getters from each router; print a table or --json.

    With the facts getter, network_devices gets model, uptime, status and metadata (serial,
    os version, interface count).
    """
    from netauto.tasks.get_facts import get_facts

    with open_runbook("facts", arguments={"getters": getters}, **options) as session:
        result = session.nr.run(task=get_facts, getters=getters)
    rows = []
    for host in sorted(result):
        multi = result[host]
        if multi.failed:
            rows.append(HostRow(host, "failed", detail=error_of(multi)))
        else:
            data = multi[0].result
            rows.append(HostRow(host, "ok", detail=describe(data), data=data))
    raise SystemExit(session.report(rows, columns=("host", "status", "detail")))
