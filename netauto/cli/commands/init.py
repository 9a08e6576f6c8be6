"""``netauto init DIR``: a project folder of one's own (config.yaml, inventory, templates)."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from netauto.cli.options import json_option
from netauto.text import noun, plural


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--force", is_flag=True, help="Allow a non-empty DIR: add the missing files, overwrite none."
)
@json_option
def init(folder: Path, force: bool, as_json: bool) -> None:
    """Write a new project to DIR: config.yaml, inventory (the simulated routers R15..R25 and
    an example for real ones), templates, README.md and .gitignore.

    DIR is created if missing; a DIR that holds anything is refused (exit 2) unless --force,
    which adds the missing files and never overwrites an existing one.
    """
    from netauto.cli.tables import print_json
    from netauto.scaffold import init_project, skeleton_files

    written = init_project(folder, force=force)
    root = Path(folder).expanduser().absolute()
    wrote = [path.relative_to(root).as_posix() for path in written]
    kept = [name.as_posix() for name in skeleton_files() if name.as_posix() not in wrote]
    start = f"cd {shlex.quote(str(folder))} && netauto lab up --detach && netauto backup"
    if as_json:
        print_json({"folder": str(root), "written": wrote, "kept": kept, "next": start})
        return
    click.echo(f"Wrote {plural(len(wrote), 'file')} to {folder}:")
    for name in wrote:
        click.echo(f"  {name}")
    if kept:
        they = noun(len(kept), "it is", "they are")
        click.echo(f"Kept {plural(len(kept), 'existing file')} as {they}:")
        for name in kept:
            click.echo(f"  {name}")
    click.echo("Next: the simulated routers, then a first backup:")
    click.echo(f"  {start}")
