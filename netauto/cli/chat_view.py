"""What ``netauto chat`` prints: the streamed answer, tool calls, proposals, history, commits.

Answers go to stdout as they arrive; tool activity and notices go to stderr, so a script can
keep only the answer (``netauto chat -m ... > answer.txt``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from netauto.ai.messages import ToolCall
    from netauto.ai.providers import CallRecord
    from netauto.chat.proposals import Proposal
    from netauto.chat.tools import ToolResult
    from netauto.db.conversations import SessionInfo, StoredMessage
    from netauto.report import RunReport


class Stream:
    """The answer as it arrives; tool lines start on a line of their own."""

    def __init__(self) -> None:
        self.open = False  # text printed since the last newline

    def text(self, text: str) -> None:
        click.echo(text, nl=False)
        self.open = not text.endswith("\n")

    def tool(self, call: ToolCall, result: ToolResult) -> None:
        if self.open:
            click.echo("")
            self.open = False
        tool_line(call, result)

    def end(self) -> None:
        if self.open:
            click.echo("")
        self.open = False


def _arguments(arguments: dict[str, Any]) -> str:
    text = ", ".join(f"{k}={json.dumps(v)}" for k, v in arguments.items())
    return text if len(text) <= 100 else text[:100] + "..."


def tool_line(call: ToolCall, result: ToolResult) -> None:
    """``  > show_command(hosts=["R15"], command="show version")`` and how it went."""
    status = ""
    if result.is_error and isinstance(result.data, dict):
        status = f": {result.data.get('error')}"
    elif isinstance(result.data, dict) and result.data.get("run"):
        status = f" (run {str(result.data['run'])[:8]})"
    click.secho(f"  > {call.name}({_arguments(call.arguments)}){status}", err=True, dim=True)


def fallback(record: CallRecord) -> None:
    click.secho(
        f"  ({record.provider} {record.model} failed: {record.error}; trying the next provider)",
        err=True,
        fg="yellow",
    )


def proposal(item: Proposal, hint: bool = True) -> None:
    """A proposal with each router's diff, and how to commit it."""
    click.echo(f"\nProposal {item.id} ({', '.join(item.hosts)}): {item.reason}".rstrip(": "))
    width = max(len(host) for host in item.diffs) + 2
    for host, diff in sorted(item.diffs.items()):
        lines = diff.splitlines() or [""]
        click.echo(f"  {host:<{width}}{lines[0]}")
        for line in lines[1:]:
            click.echo("  " + " " * width + line)
    if hint:
        click.echo(f"Nothing is changed. To apply it: /commit {item.id} (operator role).")


def committed(report: RunReport) -> None:
    if report.declined:
        click.echo("Nothing was committed: a router's diff changed since the proposal.")
        return
    for outcome in report.hosts:
        click.echo(f"  {outcome.host}  {outcome.status}  {outcome.detail}")
    if report.run_id:
        click.echo(f"Run {report.run_id[:8]} (netauto ops show {report.run_id[:8]})")


def history(rows: Sequence[StoredMessage]) -> None:
    for row in rows:
        if row.role == "user":
            click.echo(f"you> {row.content}")
        elif row.role == "assistant":
            for call in row.metadata.get("tool_calls") or []:
                arguments = _arguments(dict(call.get("arguments") or {}))
                click.secho(f"  > {call.get('name')}({arguments})", dim=True)
            if row.content.strip():
                click.echo(row.content)
        elif row.metadata.get("kind") == "event":
            click.secho(row.content, fg="cyan")


def sessions(rows: Sequence[SessionInfo], as_json: bool) -> None:
    from netauto.cli.tables import local_time, print_json, print_table

    if as_json:
        print_json([row.__dict__ for row in rows])
        return
    if not rows:
        click.echo("No chat sessions yet: netauto chat")
        return
    print_table(
        ("session", "started", "last", "messages", "first question"),
        (
            (
                r.session_id,
                local_time(r.started_at),
                local_time(r.last_at),
                str(r.messages),
                r.title,
            )
            for r in rows
        ),
        right=("messages",),
    )
