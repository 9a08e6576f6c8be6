"""``netauto render``: the candidate configs a template gives, written to a folder; no router."""

from __future__ import annotations

from typing import Any

import click

from netauto.cli.options import runbook_options
from netauto.cli.runbook import finish, run_options, selection_of


@click.command()
@runbook_options
@click.option(
    "--template", "-t", required=True, metavar="TEMPLATE", help="Template (ios/ntp.j2) or a file."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder for <host>.cfg (default: <generated_dir>/render).",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not print the candidates.")
def render(template: str, output: str | None, quiet: bool, **options: Any) -> None:
    """Render TEMPLATE for each host into <output>/<host>.cfg and show the candidates.

    Templates see the host's inventory data and env("NAME") for values kept out of the
    inventory; an undefined variable stops the run (exit 2) naming the template, the line
    and the host. Never connects to a router. Secrets are masked on screen, not in the files.
    """
    from netauto.runbooks import render as run_render
    from netauto.runbooks.backup import shown

    report = run_render(
        selection_of(options), template=template, output=output, options=run_options(options)
    )
    if not quiet and not options.get("as_json"):
        for outcome in report.hosts:
            if not outcome.failed:
                click.echo(f"! {outcome.host}: {shown(outcome.data['path'])}")
                click.echo(str(outcome.data["candidate"]).rstrip())
    finish(report, options)
