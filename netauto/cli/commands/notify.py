"""``netauto notify``: where events go (channels, rules), muting, the history, a test.

netauto notify channel add NAME --email ADDR | --webhook URL [--format slack|teams|generic]
netauto notify channel remove NAME
netauto notify rule add --channel NAME [--event KIND|all] [--min-severity S]
netauto notify rule remove ID
netauto notify mute KIND|all [--off]
netauto notify test NAME
netauto notify list [--json]          # channels, rules, the outbox
netauto notify events [--limit 20] [--router R] [--json]
netauto notify drain                  # send what is due now
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from netauto.cli.options import config_option, json_option, user_option
from netauto.cli.tables import local_time, print_json, print_table

if TYPE_CHECKING:
    from netauto.project import Project


def _project(config_file: str, user: str | None, *, admin: bool = False) -> Project:
    from netauto.auth import Permission
    from netauto.project import Project

    project = Project.open(config_file, user=user)
    return project.require(Permission.ADMIN if admin else Permission.READ)


@click.group()
def notify() -> None:
    """Events and notifications: channels (email, webhooks), rules, mutes, history."""


@notify.group()
def channel() -> None:
    """Where notifications go: an email address or a webhook."""


@channel.command("add")
@click.argument("name")
@click.option("--email", metavar="ADDRESS", help="Send by email (notify.smtp.* settings).")
@click.option("--webhook", metavar="URL", help="POST to this URL.")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["slack", "teams", "generic"]),
    default="generic",
    show_default=True,
    help="Webhook body: Slack, Teams, or generic JSON signed with notify.webhook_secret.",
)
@config_option
@user_option
def channel_add(
    name: str,
    email: str | None,
    webhook: str | None,
    format_: str,
    config_file: str,
    user: str | None,
) -> None:
    """Add (or replace) the channel NAME."""
    found = _project(config_file, user, admin=True).notify.add_channel(
        name, email=email, webhook=webhook, format=format_
    )
    click.echo(f"Channel {found.name}: {found.kind} {found.shown} ({found.format}).")


@channel.command("remove")
@click.argument("name")
@config_option
@user_option
def channel_remove(name: str, config_file: str, user: str | None) -> None:
    """Remove the channel NAME and its rules."""
    _project(config_file, user, admin=True).notify.remove_channel(name)
    click.echo(f"Channel {name} removed.")


@notify.group()
def rule() -> None:
    """Which events at which severity go to which channel."""


@rule.command("add")
@click.option("--channel", "channel_name", required=True, help="The channel.")
@click.option("--event", default="all", show_default=True, help="An event kind, or all.")
@click.option("--min-severity", default="info", show_default=True,
              type=click.Choice(["info", "warning", "error", "critical"]))  # fmt: skip
@click.option("--for-user", "for_user", help="Only for this user (their mutes apply).")
@click.option("--for-role", "for_role", type=click.Choice(["viewer", "operator", "admin"]))
@config_option
@user_option
def rule_add(
    channel_name: str,
    event: str,
    min_severity: str,
    for_user: str | None,
    for_role: str | None,
    config_file: str,
    user: str | None,
) -> None:
    """Send events of a kind (or all) at or above a severity to a channel."""
    found = _project(config_file, user, admin=True).notify.add_rule(
        channel=channel_name,
        event=event,
        min_severity=min_severity,
        username=for_user,
        role=for_role,
    )
    click.echo(f"Rule {found.id}: {found.event} >= {found.min_severity} -> {found.channel}.")


@rule.command("remove")
@click.argument("rule_id", type=int)
@config_option
@user_option
def rule_remove(rule_id: int, config_file: str, user: str | None) -> None:
    """Remove a rule by its id (netauto notify list)."""
    _project(config_file, user, admin=True).notify.remove_rule(rule_id)
    click.echo(f"Rule {rule_id} removed.")


@notify.command("mute")
@click.argument("kind")
@click.option("--off", is_flag=True, help="Unmute.")
@config_option
@user_option
def mute(kind: str, off: bool, config_file: str, user: str | None) -> None:
    """Mute an event kind (or all) for yourself: your rules and your bell."""
    project = _project(config_file, user)
    project.notify.mute(kind, muted=not off)
    click.echo(f"{kind} {'unmuted' if off else 'muted'} for {project.operator}.")


@notify.command("test")
@click.argument("name")
@config_option
@user_option
def test(name: str, config_file: str, user: str | None) -> None:
    """Send a test notification to the channel NAME now."""
    done = _project(config_file, user, admin=True).notify.test(name)
    if done.failed:
        click.echo(f"Test to {name} not delivered (kept, retried later): see netauto notify list.")
        raise SystemExit(1)
    click.echo(f"Test notification sent to {name}.")


@notify.command("drain")
@config_option
@user_option
def drain(config_file: str, user: str | None) -> None:
    """Send the notifications due now (the scheduler and the listener do it every 2 s)."""
    done = _project(config_file, user, admin=True).notify.drain()
    click.echo(f"{done.sent} sent, {done.failed} failed (kept, retried with backoff).")
    if done.failed:
        raise SystemExit(1)


@notify.command("list")
@config_option
@user_option
@json_option
def list_command(config_file: str, user: str | None, as_json: bool) -> None:
    """Channels, rules and the outbox."""
    found = _project(config_file, user).notify
    channels, rules, outbox = found.channels(), found.rules(), found.outbox()
    if as_json:
        print_json(
            {
                "channels": [c.to_json() for c in channels],
                "rules": [r.to_json() for r in rules],
                "outbox": outbox,
            }
        )
        return
    if channels:
        print_table(("channel", "kind", "target", "format"),
                    [(c.name, c.kind, c.shown, c.format) for c in channels],
                    style_column=None)  # fmt: skip
    else:
        click.echo("No channels: netauto notify channel add NAME --email ADDR | --webhook URL")
    if rules:
        click.echo()
        print_table(
            ("rule", "event", "min severity", "channel", "for"),
            [(str(r.id), r.event, r.min_severity, r.channel, r.username or r.role or "all")
             for r in rules],
            style_column=None,
        )  # fmt: skip
    click.echo(
        f"\nOutbox: {outbox.get('sent', 0)} sent, {outbox.get('pending', 0)} waiting"
        f"{', ' + str(outbox['failed']) + ' failed' if outbox.get('failed') else ''}."
    )


@notify.command("events")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--router", help="Only this router's events.")
@config_option
@user_option
@json_option
def events(limit: int, router: str | None, config_file: str, user: str | None,
           as_json: bool) -> None:  # fmt: skip
    """The latest events, newest first."""
    rows = _project(config_file, user).notify.events(limit=limit, router=router)
    if as_json:
        print_json([row.to_json() for row in rows])
        return
    if not rows:
        click.echo("No events.")
        return
    print_table(
        ("time", "severity", "kind", "router", "text"),
        [(local_time(r.created_at), r.severity, r.kind, r.router or "-", r.text) for r in rows],
        style_column=None,
    )
