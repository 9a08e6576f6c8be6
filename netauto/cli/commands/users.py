"""``netauto users``: accounts, roles and API tokens (admins; the first admin by anyone).

netauto users add EMAIL --role viewer|operator|admin [--display-name NAME] [--username NAME]
netauto users list [--json] | set-role EMAIL ROLE | disable EMAIL | enable EMAIL
netauto users passwd EMAIL [--stdin]
netauto users token create EMAIL [--name NAME] [--expires 30d] | token list | token revoke ID
"""

from __future__ import annotations

import re
import sys
from datetime import timedelta
from typing import TYPE_CHECKING

import click

from netauto.cli.options import config_option, json_option, user_option
from netauto.cli.tables import local_time, print_json, print_table, short_id, yes_no

if TYPE_CHECKING:
    from netauto.project import Project

# netauto.auth.ROLES, spelled out so that `netauto --help` does not import the database layer.
ROLES = ("viewer", "operator", "admin")
_DURATION = re.compile(r"^(\d+)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _admin(config_file: str, user: str | None, *, bootstrap: bool = False) -> Project:
    """The project, once its operator may manage users.

    With ``bootstrap`` (adding an admin) anyone may act while no active admin exists: there
    is no default account, so the first admin has to come from somewhere; it is recorded.
    """
    from netauto.auth import Permission
    from netauto.project import Project

    project = Project.open(config_file, user=user)
    if not (bootstrap and not project.users.has_admin()):
        project.authorize(Permission.ADMIN)
    return project


@click.group()
def users() -> None:
    """Users, their roles (viewer, operator, admin) and API tokens."""


@users.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option("--display-name", default=None, help="Name shown in pages and lists.")
@click.option("--username", default=None, help="Login name (default: the email's local part).")
@config_option
@user_option
def add_command(
    email: str,
    role: str,
    display_name: str | None,
    username: str | None,
    config_file: str,
    user: str | None,
) -> None:
    """Add a user, without a password (set one with `netauto users passwd`)."""
    project = _admin(config_file, user, bootstrap=role == "admin")
    info = project.users.add(email, role, display_name=display_name, username=username)
    click.echo(f"Added {info.email} ({info.username}) as {info.role}.")


@users.command("list")
@config_option
@user_option
@json_option
def list_command(config_file: str, user: str | None, as_json: bool) -> None:
    """List users: email, username, role, active, password set."""
    rows = _admin(config_file, user).users.list()
    if as_json:
        print_json([row.to_json() for row in rows])
        return
    print_table(
        ("email", "username", "role", "active", "password", "created"),
        [
            (r.email, r.username, r.role, yes_no(r.active), yes_no(r.has_password),
             local_time(r.created_at))
            for r in rows
        ],
        style_column=None,
    )  # fmt: skip


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@config_option
@user_option
def set_role_command(email: str, role: str, config_file: str, user: str | None) -> None:
    """Change a user's role."""
    info = _admin(config_file, user).users.set_role(email, role)
    click.echo(f"{info.email} is now {info.role}.")


@users.command("disable")
@click.argument("email")
@config_option
@user_option
def disable_command(email: str, config_file: str, user: str | None) -> None:
    """Disable a user: refused everywhere (with auth.enforce), tokens included."""
    click.echo(f"{_admin(config_file, user).users.set_active(email, False).email} is disabled.")


@users.command("enable")
@click.argument("email")
@config_option
@user_option
def enable_command(email: str, config_file: str, user: str | None) -> None:
    """Enable a disabled user."""
    click.echo(f"{_admin(config_file, user).users.set_active(email, True).email} is enabled.")


@users.command("passwd")
@click.argument("email")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the password from stdin.")
@config_option
@user_option
def passwd_command(email: str, from_stdin: bool, config_file: str, user: str | None) -> None:
    """Set a user's password: prompted twice, or one line on stdin (never an argument).

    At least 12 characters and not one of the 10,000 most common passwords; no other rules.
    """
    project = _admin(config_file, user)
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    info = project.users.set_password(email, password)
    click.echo(f"Password of {info.email} set.")


@users.group("token")
def token() -> None:
    """API tokens (Bearer) for the web API and the MCP server."""


def _expires(ctx: click.Context, param: click.Parameter, value: str | None) -> timedelta | None:
    if value is None:
        return None
    match = _DURATION.match(value.strip())
    if not match or int(match.group(1)) == 0:
        raise click.BadParameter(f"expected a duration like 30d, 12h, 2w, got {value!r}")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


@token.command("create")
@click.argument("email")
@click.option("--name", "label", default="api", show_default=True, help="What the token is for.")
@click.option("--expires", callback=_expires, metavar="DURATION", help="30d, 12h, 2w...")
@config_option
@user_option
def token_create(
    email: str, label: str, expires: timedelta | None, config_file: str, user: str | None
) -> None:
    """Create a token for a user; it is printed once, only its hash is kept."""
    secret, info = _admin(config_file, user).tokens.create(email, label=label, expires_in=expires)
    until = f", expires {local_time(info.expires_at)}" if info.expires_at else ""
    click.echo(f"Token {short_id(info.id)} for {info.email}{until}. Shown once:", err=True)
    click.echo(secret)


@token.command("list")
@click.argument("email", required=False)
@config_option
@user_option
@json_option
def token_list(email: str | None, config_file: str, user: str | None, as_json: bool) -> None:
    """List tokens (never the tokens themselves): id, user, name, state, expiry, last use."""
    rows = _admin(config_file, user).tokens.list(email)
    if as_json:
        print_json([row.to_json() for row in rows])
        return
    print_table(
        ("id", "prefix", "user", "name", "state", "expires", "last used"),
        [
            (short_id(r.id), r.prefix, r.email, r.name, r.state, local_time(r.expires_at),
             local_time(r.last_used_at))
            for r in rows
        ],
        style_column=None,
    )  # fmt: skip


@token.command("revoke")
@click.argument("token_id")
@config_option
@user_option
def token_revoke(token_id: str, config_file: str, user: str | None) -> None:
    """Revoke a token by its id or shown prefix (as `token list` prints them)."""
    info = _admin(config_file, user).tokens.revoke(token_id)
    click.echo(f"Token {short_id(info.id)} of {info.email} revoked.")
