"""A project folder of one's own: ``netauto init`` copies the skeleton shipped in the package.

The skeleton (``netauto/skeleton/``, package data) is the canonical project: config.yaml,
inventory/ (the simulated routers R15..R25, and example-production/ for real ones),
templates/, a README.md and ``gitignore``, written as ``.gitignore`` (a dotfile would not
survive every packaging tool). The repository's root is such a project too: its config.yaml,
inventory and templates are symlinks into the skeleton.

Nothing is ever overwritten: a folder that holds anything is refused, and with ``force`` only
the missing files are added. The skeleton holds no secret (credentials come from the
environment), so files get the ordinary umask.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from netauto.exceptions import UsageError

__all__ = ["init_project", "skeleton", "skeleton_files"]

# Names in the package -> names in the project.
_RENAMED = {"gitignore": ".gitignore"}
_SKIPPED = {"__pycache__"}


def skeleton() -> Traversable:
    """The skeleton in the installed package (a folder, editable or from a wheel)."""
    return files("netauto") / "skeleton"


def _walk(
    folder: Traversable, prefix: PurePosixPath
) -> Iterator[tuple[PurePosixPath, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name in _SKIPPED:
            continue
        if entry.is_dir():
            yield from _walk(entry, prefix / entry.name)
        else:
            yield prefix / _RENAMED.get(entry.name, entry.name), entry


def skeleton_files() -> dict[PurePosixPath, Traversable]:
    """Relative project path (``inventory/hosts.yaml``, ``.gitignore``) -> its source."""
    return dict(_walk(skeleton(), PurePosixPath()))


def init_project(folder: Path, *, force: bool = False) -> list[Path]:
    """Write a project (config.yaml, inventory, templates, README.md, .gitignore) to ``folder``.

    Returns the files written (absolute paths). The folder is created if missing. One that
    holds anything is refused with a UsageError, unless ``force``: then the missing files are
    added and every existing one is kept as it is (``skeleton_files`` minus the written ones).
    """
    named = str(folder)
    folder = Path(folder).expanduser().absolute()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{named} is not a folder")
    if not force and folder.is_dir() and any(folder.iterdir()):
        raise UsageError(
            f"{named} is not empty; netauto init --force adds the missing files and never "
            "overwrites one"
        )
    planned = skeleton_files()
    for relative in planned:  # refused before anything is written
        for depth in range(1, len(relative.parts)):
            part = folder.joinpath(*relative.parts[:depth])
            if (part.exists() or part.is_symlink()) and not part.is_dir():
                raise UsageError(f"{Path(named, *relative.parts[:depth])} is not a folder")
    written = []
    for relative, source in planned.items():
        target = folder.joinpath(*relative.parts)
        if target.exists() or target.is_symlink():
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # "x": a file that appeared meanwhile is kept too, never truncated.
            with target.open("xb") as out:
                out.write(source.read_bytes())
        except FileExistsError:
            continue
        except OSError as exc:
            raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
        written.append(target)
    return written
