"""``netauto facts``: NAPALM getters per router, as a table or JSON; network_devices updated."""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import runbook_options
from netauto.cli.runbook import finish, run_options, selection_of


def _split(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    from netauto.exceptions import UsageError
    from netauto.runbooks.facts import getter_names

    try:
        return getter_names([name for value in values for name in value.split(",")])
    except UsageError as exc:
        raise click.BadParameter(str(exc)) from None


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
    from netauto.runbooks import facts as run_facts

    report = run_facts(selection_of(options), getters=getters, options=run_options(options))
    finish(report, options, columns=("host", "status", "detail"))
