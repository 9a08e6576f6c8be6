"""Task ``render_config``: the candidate config a Jinja2 template gives for one host."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from nornir.core.task import Result, Task

from netauto.context import settings_or_none
from netauto.filenames import file_in
from netauto.private import private_file
from netauto.templating import render_template, setting_function


def templates_dir_of(task: Task) -> Path:
    """The ``templates_dir`` setting of a netauto Nornir, else ./templates."""
    settings = settings_or_none(task)
    folder = settings.templates_dir if settings is not None else None
    return Path(folder) if folder is not None else Path("templates")


def rendered(
    task: Task,
    template: str,
    *,
    templates_dir: str | os.PathLike[str] | None = None,
    data: dict[str, Any] | None = None,
) -> str:
    """The candidate ``template`` gives for the task's host, as ``render_config`` renders it
    (for tasks that need the text without a subtask of their own: compliance, remediate)."""
    folder = Path(templates_dir) if templates_dir is not None else templates_dir_of(task)
    host = task.host
    settings = settings_or_none(task)
    variables: dict[str, Any] = {
        **dict(host.items()),
        "host": host,
        "setting": setting_function(settings.value if settings is not None else None),
        **(data or {}),
    }
    candidate = render_template(folder, template, variables, host.name)
    return candidate if candidate.endswith("\n") else candidate + "\n"


def render_config(
    task: Task,
    template: str,
    *,
    templates_dir: str | os.PathLike[str] | None = None,
    output_dir: str | os.PathLike[str] | None = None,
    data: dict[str, Any] | None = None,
) -> Result:
    """Render ``template`` (``ios/ntp.j2``, or a path to a .j2 file) for the host.

    The template sees the host's inventory data (host, groups and defaults merged), ``host``
    (the Nornir host), ``data`` (extra variables, which win), ``env(NAME)`` and
    ``setting(KEY)`` (a netauto setting, secrets included: ``setting("snmp.community")``).
    Rendering never touches a router. With ``output_dir`` the candidate is also written to
    ``<output_dir>/<host>.cfg`` (through nornir_utils ``write_file``, whatever the dry run).

    Raises:
        TemplateError: the template is missing, broken, or uses an undefined variable (the
            message names the template, the line and the host).

    Returns:
        Result object with the following attributes set:
          * result (``str``): the rendered candidate
          * changed (``bool``): the file in ``output_dir`` was created or changed
          * diff (``str``): unified diff of that file (empty without ``output_dir``)
    """
    host = task.host
    candidate = rendered(task, template, templates_dir=templates_dir, data=data)
    changed, diff = False, ""
    if output_dir is not None:
        from nornir_utils.plugins.tasks.files import write_file

        # The candidate holds the template's secrets (setting("snmp.community")): 0600.
        target = private_file(file_in(Path(output_dir), host.name))
        written = task.run(
            task=write_file,
            name="write candidate",
            filename=str(target),
            content=candidate,
            dry_run=False,
        )
        changed, diff = bool(written[0].changed), written[0].diff or ""
    return Result(host=host, result=candidate, changed=changed, diff=diff)


render_config.operation_type = "config_render"  # type: ignore[attr-defined]
