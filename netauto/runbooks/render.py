"""Runbook ``render``: the candidate configs a template gives, written to a folder; no router."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from netauto.engine.declaration import Param, Runbook
from netauto.runbooks.backup import shown
from netauto.text import plural

if TYPE_CHECKING:
    from nornir.core.task import MultiResult

    from netauto.engine.options import RunOptions, Selection
    from netauto.report import HostOutcome, RunReport

RUNBOOK = Runbook(
    "render",
    "netauto.runbooks.render:render",
    "Render a template for each host into <output>/<host>.cfg; never connects to a router.",
    help='Templates see the host\'s inventory data and env("NAME") for values kept out of the '
    "inventory; an undefined variable or an error in the template (1 // 0) stops the run "
    "naming the template, the line and the host. Secrets are masked in what is shown, not "
    "in the files.",
    params=(
        Param(
            "template",
            "template",
            "Template (ios/ntp.j2), or a .j2 file elsewhere.",
            required=True,
            short="-t",
            metavar="TEMPLATE",
        ),
        Param(
            "output",
            "path",
            "Folder for <host>.cfg (default: <generated_dir>/render).",
            short="-o",
            metavar="FOLDER",
        ),
    ),
    ai_tool=False,
)


def render(
    selection: Selection | None = None,
    *,
    template: str,
    output: str | os.PathLike[str] | None = None,
    options: RunOptions | None = None,
) -> RunReport:
    """Render ``template`` for each host into <output>/<host>.cfg; never connects to a router.

    Templates see the host's inventory data and env("NAME") for values kept out of the
    inventory. An undefined variable raises TemplateError naming the template, the line and
    the host. Each outcome's ``data`` holds ``path`` and ``candidate`` (secrets masked; the
    files keep them).
    """
    from netauto.engine.options import settings_of
    from netauto.engine.outcomes import outcomes
    from netauto.engine.session import open_run
    from netauto.exceptions import TemplateError
    from netauto.filenames import file_in
    from netauto.report import HostOutcome
    from netauto.secrets import mask
    from netauto.tasks.render_config import render_config
    from netauto.templating import load_template

    settings = settings_of(options)
    load_template(settings.templates_dir, template)
    folder = Path(output) if output else settings.generated_dir / "render"

    def describe(host: str, multi: MultiResult) -> HostOutcome:
        path = file_in(folder, host)
        candidate = str(multi[0].result)
        lines = sum(1 for line in candidate.splitlines() if line.strip() and line[0] != "!")
        changed = bool(multi.changed)
        return HostOutcome(
            host,
            "ok",
            changed=changed,
            detail=f"{shown(path)} ({plural(lines, 'line')}{', changed' if changed else ''})",
            data={"path": str(path), "candidate": mask(candidate)},
        )

    arguments = {"template": template, "output": str(folder)}
    with open_run("render", selection, options, arguments=arguments, files=True) as run:
        result = run.nr.run(task=render_config, template=template, output_dir=folder)
    errors = [m[0].exception for m in result.values() if isinstance(m[0].exception, TemplateError)]
    if errors:
        more = f" (and {plural(len(errors) - 1, 'more host')})" if len(errors) > 1 else ""
        raise TemplateError(f"{errors[0]}{more}")
    return run.report(outcomes(result, describe), note="Rendered only: no router was touched.")
