"""``netauto devices add|edit|retire|restore|import|export|credentials``: the registry.

Thin: each command opens the project, checks the operator may change routers (reads need
only the viewer role) and calls ``project.registry``; nothing here decides anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from netauto.cli.options import config_option, json_option, user_option
from netauto.cli.tables import print_json

if TYPE_CHECKING:
    from netauto.db.rows import RegistryEntry
    from netauto.project import Project
    from netauto.registry import ImportPlan


def _project(config_file: str, user: str | None, *, change: bool = True) -> Project:
    from netauto.auth import Permission
    from netauto.project import Project

    return Project.open(config_file, user=user).require(
        Permission.CHANGE if change else Permission.READ
    )


def _data(values: tuple[str, ...]) -> dict[str, Any]:
    from netauto.devicefile import data_value

    data: dict[str, Any] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--data")
        data[key.strip()] = data_value(value, where=f"data {key.strip()}")
    return data


def _show(entry: RegistryEntry, as_json: bool, verb: str) -> None:
    if as_json:
        print_json(entry.to_json())
        return
    line = f"{entry.name} {verb}: {entry.address}"
    line += f" port {entry.port}" if entry.port else ""
    line += f", groups {','.join(entry.groups)}" if entry.groups else ""
    if verb == "added":
        if entry.status == "online":
            line += f"; online, {entry.model}, serial {entry.serial or '-'}, {entry.os_version}"
        elif entry.metadata.get("onboarding"):
            line += f"; offline: {entry.metadata['onboarding']}"
    click.echo(line)


def _show_plan(plan: ImportPlan, as_json: bool, dry_run: bool) -> None:
    if as_json:
        print_json({**plan.to_json(), "dry_run": dry_run})
        return
    for label, names in (
        ("added", [e.name for e in plan.added]),
        ("changed", [after.name for _, after in plan.changed]),
        ("retired", [e.name for e in plan.retired]),
    ):
        if names:
            click.echo(f"{label:8} {' '.join(names)}")
    counts = (
        f"{len(plan.added)} added, {len(plan.changed)} changed, "
        f"{len(plan.retired)} retired, {len(plan.unchanged)} unchanged"
    )
    click.echo(f"{counts}." + (" Dry run: nothing was written." if dry_run else ""))


_address = click.option("--address", help="IP address of the router.")
_port = click.option("--port", type=int, help="SSH port (default: 22, the lab's on loopback).")
_platform = click.option("--platform", help="Nornir platform (default: its groups').")
_groups = click.option("--group", "groups", multiple=True, help="A group (repeat for more).")
_set_data = click.option("--data", "data", multiple=True, help="KEY=VALUE of the router's data.")
_credentials = click.option("--credential-set", help="Credential set name (default: environment).")


def register(devices: click.Group) -> None:
    """Add the registry's commands to ``netauto devices``."""

    @devices.command("add")
    @click.argument("name")
    @_address
    @_port
    @_platform
    @_groups
    @_set_data
    @_credentials
    @click.option("--no-connect", is_flag=True, help="Do not test it now (added as unknown).")
    @config_option
    @user_option
    @json_option
    def add(
        name: str,
        address: str | None,
        port: int | None,
        platform: str | None,
        groups: tuple[str, ...],
        data: tuple[str, ...],
        credential_set: str | None,
        no_connect: bool,
        config_file: str,
        user: str | None,
        as_json: bool,
    ) -> None:
        """Add a router, test it and fill model, serial and OS version from its facts."""
        spec = {
            "name": name,
            "address": address or "",
            "port": port,
            "platform": platform,
            "groups": list(groups),
            "data": _data(data),
            "credential_set": credential_set,
        }
        entry = _project(config_file, user).registry.add(spec, connect=not no_connect)
        _show(entry, as_json, "added")

    @devices.command("edit")
    @click.argument("name")
    @_address
    @_port
    @_platform
    @_groups
    @_set_data
    @click.option("--unset-data", multiple=True, help="A data KEY to remove.")
    @_credentials
    @config_option
    @user_option
    @json_option
    def edit(
        name: str,
        address: str | None,
        port: int | None,
        platform: str | None,
        groups: tuple[str, ...],
        data: tuple[str, ...],
        unset_data: tuple[str, ...],
        credential_set: str | None,
        config_file: str,
        user: str | None,
        as_json: bool,
    ) -> None:
        """Change a router (--group replaces its groups; --data sets keys)."""
        registry = _project(config_file, user).registry
        before = registry.get(name)
        changes: dict[str, Any] = {
            "address": address,
            "port": port,
            "platform": platform,
            "credential_set": credential_set,
        }
        changes = {key: value for key, value in changes.items() if value is not None}
        if groups:
            changes["groups"] = list(groups)
        if data or unset_data:
            merged = {**before.data, **_data(data)}
            for key in unset_data:
                merged.pop(key, None)
            changes["data"] = merged
        _show(registry.edit(name, changes), as_json, "edited")

    @devices.command("retire")
    @click.argument("name")
    @config_option
    @user_option
    @json_option
    def retire(name: str, config_file: str, user: str | None, as_json: bool) -> None:
        """Take a router out of every selection; its history stays."""
        _show(_project(config_file, user).registry.retire(name), as_json, "retired")

    @devices.command("restore")
    @click.argument("name")
    @config_option
    @user_option
    @json_option
    def restore(name: str, config_file: str, user: str | None, as_json: bool) -> None:
        """Put a retired router back in service."""
        _show(_project(config_file, user).registry.restore(name), as_json, "restored")

    @devices.command("import")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--format", "fmt", type=click.Choice(["csv", "yaml"]), help="Default: suffix.")
    @click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
    @click.option("--retire-missing", is_flag=True, help="Retire routers the file lacks.")
    @config_option
    @user_option
    @json_option
    def import_command(
        file: Path,
        fmt: str | None,
        dry_run: bool,
        retire_missing: bool,
        config_file: str,
        user: str | None,
        as_json: bool,
    ) -> None:
        """Import routers from CSV or YAML: every row checked first, all or nothing."""
        registry = _project(config_file, user, change=not dry_run).registry
        plan = registry.plan_import(
            file.read_bytes(),
            fmt=fmt or file.suffix or "yaml",
            source=file.name,
            retire_missing=retire_missing,
        )
        if not dry_run:
            registry.apply_import(plan)
        _show_plan(plan, as_json, dry_run)

    @devices.command("sync")
    @click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
    @config_option
    @user_option
    @json_option
    def sync(dry_run: bool, config_file: str, user: str | None, as_json: bool) -> None:
        """Sync the registry from Nautobot (nautobot.url, nautobot.token), one way."""
        registry = _project(config_file, user, change=not dry_run).registry
        _show_plan(registry.sync_nautobot(dry_run=dry_run), as_json, dry_run)

    @devices.command("export")
    @click.option(
        "--format", "fmt", type=click.Choice(["csv", "yaml"]), default="yaml", show_default=True
    )
    @click.option("--retired", is_flag=True, help="Include retired routers.")
    @config_option
    @user_option
    def export(fmt: str, retired: bool, config_file: str, user: str | None) -> None:
        """Print the registry as CSV or YAML (what import reads)."""
        click.echo(
            _project(config_file, user, change=False).registry.export(fmt, retired=retired),
            nl=False,
        )

    @devices.command("credentials")
    @click.argument("name")
    @click.option("--username", required=True)
    @click.option(
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="NETAUTO_CREDENTIAL_PASSWORD",
        help="Prompted when not given.",
    )
    @click.option(
        "--secret",
        prompt="Enable secret (empty: none)",
        hide_input=True,
        default="",
        show_default=False,
        envvar="NETAUTO_CREDENTIAL_SECRET",
    )
    @config_option
    @user_option
    def credentials(
        name: str, username: str, password: str, secret: str, config_file: str, user: str | None
    ) -> None:
        """Store a credential set, encrypted with NETAUTO_SECRET_KEY."""
        _project(config_file, user).registry.set_credentials(
            name, username=username, password=password, secret=secret or None
        )
        click.echo(
            f"credential set {name} stored (encrypted); routers name it with --credential-set"
        )
