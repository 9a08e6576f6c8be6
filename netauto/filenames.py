"""Names from data that become file names, checked here once for every writer of files.

A host's name becomes ``backups/<name>.cfg`` or ``generated/render/<name>.cfg``: a name
holding a path separator or ``..`` (``../../x/pwned``) would write outside that folder. Each
writer makes its path with :func:`file_in`; a runbook that writes one file per host refuses
such a host with :func:`check_file_names` before any router is touched (a UsageError, exit 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from netauto.exceptions import UsageError

_FORBIDDEN = ("/", "\\", "\x00")


def file_name(name: str, *, what: str = "host") -> str:
    """``name`` when it is one plain file name; a UsageError when it could leave its folder."""
    if not name or name in (".", "..") or any(char in name for char in _FORBIDDEN):
        raise UsageError(
            f"{what} name {name!r} cannot name a file (no '/', '\\', '..' or NUL): "
            "rename it in the inventory"
        )
    return name


def file_in(folder: Path, name: str, suffix: str = ".cfg", *, what: str = "host") -> Path:
    """``folder/<name><suffix>``, ``name`` checked by :func:`file_name`."""
    return folder / f"{file_name(name, what=what)}{suffix}"


def check_file_names(names: Iterable[str], *, what: str = "host") -> None:
    """Every name checked by :func:`file_name` (the first bad one raises)."""
    for name in names:
        file_name(name, what=what)
