"""``netauto render``: the candidate configs a template gives, written to a folder; no router."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from netauto.cli.options import runbook_options
from netauto.cli.runbook import HostRow, error_of, open_runbook


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
    from netauto.secrets import mask
    from netauto.settings import load_settings
    from netauto.tasks.render_config import render_config
    from netauto.templating import TemplateError, load_template

    settings = load_settings(options.get("config_file"))
    load_template(settings.templates_dir, template)
    folder = Path(output) if output else settings.generated_dir / "render"
    arguments = {"template": template, "output": str(folder)}
    with open_runbook("render", arguments=arguments, **options) as session:
        result = session.nr.run(task=render_config, template=template, output_dir=folder)
    errors = [m[0].exception for m in result.values() if isinstance(m[0].exception, TemplateError)]
    if errors:
        more = f" (and {len(errors) - 1} more hosts)" if len(errors) > 1 else ""
        raise TemplateError(f"{errors[0]}{more}")
    rows = []
    for host in sorted(result):
        multi = result[host]
        if multi.failed:
            rows.append(HostRow(host, "failed", detail=error_of(multi)))
            continue
        path = folder / f"{host}.cfg"
        candidate = str(multi[0].result)
        if not quiet and not session.as_json:
            click.echo(f"! {host}: {_shown(path)}")
            click.echo(mask(candidate).rstrip())
        lines = sum(1 for line in candidate.splitlines() if line.strip() and line[0] != "!")
        rows.append(
            HostRow(
                host,
                "ok",
                changed=multi.changed,
                detail=f"{_shown(path)} ({lines} lines{', changed' if multi.changed else ''})",
                data={"path": str(path), "candidate": mask(candidate)},
            )
        )
    raise SystemExit(session.report(rows, "Rendered only: no router was touched."))


def _shown(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative
