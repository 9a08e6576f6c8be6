"""The candidate a change loads (helper, not a task): from a template, text or a file, read
as UTF-8 text without a byte-order mark; a merge's ends with ``end``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Task

from netauto.exceptions import UsageError

from ._changes import reraise_subtask

BOM = "\ufeff"


def candidate_of(
    task: Task,
    template: str | None,
    config: str | None,
    filename: str | os.PathLike[str] | None,
    data: dict[str, Any] | None,
) -> str:
    if sum(x is not None for x in (template, config, filename)) != 1:
        raise UsageError("give exactly one of template, config or filename")
    if template is not None:
        from .render_config import render_config

        try:
            rendered = task.run(task=render_config, template=template, data=data)
        except NornirSubTaskError as exc:
            reraise_subtask(exc)
        return without_bom(str(rendered[0].result))
    if filename is not None:
        return read_candidate(filename)
    return without_bom(str(config))


def without_bom(text: str) -> str:
    """The text without the UTF-8 byte-order mark some editors start files with: it is no
    part of any config line, and the router would take it as one."""
    return text.removeprefix(BOM)


def read_candidate(filename: str | os.PathLike[str]) -> str:
    """A config file as text; unreadable, binary or non-UTF-8 is a UsageError (exit 2)."""
    try:
        data = Path(filename).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {filename}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{filename}: not UTF-8 text (byte {exc.start}: a binary file?)") from None
    if "\x00" in text:
        raise UsageError(f"{filename}: holds NUL bytes (a binary file?)")
    return without_bom(text)


def ended(text: str) -> str:
    """NAPALM's merge diff needs a final ``end`` (IOS error 5 otherwise)."""
    lines = text.rstrip().splitlines()
    return text if lines and lines[-1].strip() == "end" else text.rstrip() + "\nend\n"
