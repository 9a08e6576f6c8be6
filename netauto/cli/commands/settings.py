"""``netauto settings``: typed settings, environment > database > config.yaml > default.

netauto settings list [--json] | get KEY | set KEY VALUE | unset KEY | keygen
"""

from __future__ import annotations

import click

from netauto.cli.options import config_option, json_option, user_option
from netauto.cli.tables import print_json, print_table


@click.group()
def settings() -> None:
    """Settings and where each value comes from; secrets stored encrypted."""


@settings.command("list")
@config_option
@user_option
@json_option
def list_command(config_file: str, user: str | None, as_json: bool) -> None:
    """Every setting: its value (secrets as <set>), its source and what it is for."""
    from netauto.auth import Permission
    from netauto.project import Project

    project = Project.open(config_file, user=user).require(Permission.READ)
    found = project.settings_table.rows()
    if as_json:
        print_json([row.to_json() for row in found])
        return
    print_table(
        ("key", "value", "source", "description"),
        [(r.key, r.value, r.source, r.description) for r in found],
        style_column=None,
    )


@settings.command("get")
@click.argument("key")
@config_option
@user_option
def get_command(key: str, config_file: str, user: str | None) -> None:
    """Print one setting's value (a secret prints as <set>, never in clear)."""
    from netauto.auth import Permission
    from netauto.project import Project
    from netauto.settings_schema import spec_of

    spec_of(key)
    project = Project.open(config_file, user=user).require(Permission.READ)
    click.echo(project.settings_table.shown(key))


@settings.command("set")
@click.argument("key")
@click.argument("value", required=False)
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the value from stdin (secrets).")
@config_option
@user_option
def set_command(
    key: str, value: str | None, from_stdin: bool, config_file: str, user: str | None
) -> None:
    """Store a setting in the database (admins); a secret needs NETAUTO_SECRET_KEY.

    A secret value is better given with --stdin or at the prompt than as an argument, which
    the shell history keeps.
    """
    import sys

    from netauto.auth import Permission
    from netauto.project import Project
    from netauto.settings_schema import spec_of

    spec = spec_of(key)
    if from_stdin:
        value = sys.stdin.readline().rstrip("\r\n")
    elif value is None:
        value = click.prompt(key, hide_input=spec.secret, err=True)
    project = Project.open(config_file, user=user).require(Permission.ADMIN)
    project.settings_table.set(key, value)
    if spec.variable in __import__("os").environ:
        click.echo(f"Note: {spec.variable} is set and wins over the stored value.", err=True)
    click.echo(f"{key} stored{' (encrypted)' if spec.secret else ''}.")


@settings.command("unset")
@click.argument("key")
@config_option
@user_option
def unset_command(key: str, config_file: str, user: str | None) -> None:
    """Remove a setting from the database: config.yaml or the default applies again."""
    from netauto.auth import Permission
    from netauto.project import Project
    from netauto.settings_schema import spec_of

    spec_of(key)
    Project.open(config_file, user=user).require(Permission.ADMIN).settings_table.unset(key)
    click.echo(f"{key} removed from the database.")


@settings.command("keygen")
def keygen_command() -> None:
    """Print a new key for NETAUTO_SECRET_KEY (keep it out of the repository)."""
    from netauto.secretbox import new_key

    click.echo(new_key())
