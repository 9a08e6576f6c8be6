"""``netauto chat``: the network assistant, interactive or one question at a time.

netauto chat                                  # interactive: /new /history /commit P1 /quit
netauto chat -m "which routers failed last night's backup?" [--session ID] [--json]
netauto chat --list [--json]
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from netauto.cli import chat_view as view
from netauto.cli.options import config_option, json_option, user_option
from netauto.exceptions import NetautoError

if TYPE_CHECKING:
    from netauto.chat.session import ChatSession
    from netauto.project import Project

HELP = (
    "Ask about the fleet. /new starts a new session, /history shows this one, "
    "/commit P1 applies a proposal (operator role), /quit leaves."
)


def _ask(session: ChatSession, text: str) -> None:
    out = view.Stream()
    turn = session.ask(text, on_text=out.text, on_tool=out.tool, on_fallback=view.fallback)
    out.end()
    for item in turn.proposals:
        view.proposal(item)


def _commit(session: ChatSession, ident: str, prompt: bool) -> bool:
    if prompt:
        item = session.ready(ident)
        view.proposal(item, hint=False)
        if not click.confirm(f"Commit {item.id} on {', '.join(item.hosts)}?", default=False):
            click.echo("Nothing was committed.")
            return False
    report = session.commit(ident)
    view.committed(report)
    return not (report.failed or report.declined)


def _readline(state_dir: Path) -> None:
    """Up-arrow history across sessions, where the platform has readline."""
    try:
        import atexit
        import readline
    except ImportError:
        return
    path = state_dir / "chat_history"
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        readline.read_history_file(path)
    readline.set_history_length(1000)

    def save() -> None:
        with contextlib.suppress(OSError):
            readline.write_history_file(path)

    atexit.register(save)


def _interactive(project: Project, session_id: str | None) -> None:
    from netauto.chat.session import open_session

    session = open_session(project, session_id=session_id)
    _readline(project.state_dir)
    click.echo(f"netauto chat, session {session.session_id}. {HELP}")
    try:
        while True:
            try:
                text = input("you> ").strip()
            except EOFError:
                click.echo("")
                break
            except KeyboardInterrupt:
                click.echo("")
                continue
            if not text:
                continue
            command, _, rest = text.partition(" ")
            try:
                if command in ("/quit", "/exit"):
                    break
                if command == "/new":
                    session.close()
                    session = open_session(project)
                    click.echo(f"New session {session.session_id}.")
                elif command == "/history":
                    view.history(project.conversations.load(session.session_id))
                elif command == "/commit":
                    _commit(session, rest, prompt=True)
                elif command.startswith("/"):
                    click.echo(HELP)
                else:
                    _ask(session, text)
            except NetautoError as error:
                click.echo(f"\nError: {str(error).splitlines()[0]}", err=True)
            except KeyboardInterrupt:
                click.echo("\n(interrupted)", err=True)
    finally:
        session.close()
    click.echo(f"Session {session.session_id} kept: netauto chat --session {session.session_id}")


def _one_shot(message: str, session_id: str | None, as_json: bool, project: Project) -> None:
    from netauto.chat.session import open_session
    from netauto.cli.tables import print_json

    with open_session(project, session_id=session_id) as session:
        if message.startswith("/commit"):
            if not session_id:
                raise click.UsageError("/commit needs the --session of the proposal")
            ok = _commit(session, message.removeprefix("/commit"), prompt=False)
            raise SystemExit(0 if ok else 1)
        if as_json:
            print_json(session.ask(message).to_dict())
            return
        _ask(session, message)
        click.echo(f"(session {session.session_id})", err=True)


@click.command()
@click.option("--message", "-m", help="Ask one question, print the answer, exit.")
@click.option("--session", "session_id", metavar="ID", help="Continue this session.")
@click.option("--list", "list_sessions", is_flag=True, help="List your past sessions.")
@config_option
@user_option
@json_option
def chat(
    message: str | None,
    session_id: str | None,
    list_sessions: bool,
    config_file: str,
    user: str | None,
    as_json: bool,
) -> None:
    """Talk to the network assistant about the fleet.

    The model (ai.providers in config.yaml, OpenAI then Anthropic) answers with read-only
    tools: devices, the operations log, runs, backup diffs, NAPALM getters and the show
    commands of chat.allowed_commands. Every tool call on a router is a run in the operations
    log under your name. Secrets never reach the model. Changes are only proposals with each
    router's diff; `/commit P1` applies one (operator role). Sessions are kept in the
    database: --list, --session ID.
    """
    from netauto.project import Project

    if as_json and message is None and not list_sessions:
        raise click.UsageError("--json goes with --message or --list")
    project = Project.open(config_file, user=user)
    if list_sessions:
        from netauto.auth import Permission

        view.sessions(project.require(Permission.READ).conversations.list(), as_json)
        return
    if message is not None:
        _one_shot(message.strip(), session_id, as_json, project)
        return
    _interactive(project, session_id)
