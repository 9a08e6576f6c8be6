"""A conversation with the network assistant: questions in, answers built from tool calls.

:meth:`ChatSession.ask` sends the history to the providers (fallback in config order, also
in the middle of a conversation), runs the tools the model calls, feeds their results back
and repeats until the model answers, at most ``chat.max_tool_rounds`` rounds. Everything
sent is redacted first (the user's words, every tool result: secrets become ``<SECRET_n>``)
and checked again just before each request. Every message goes to ``ai_conversations``;
``open_session(..., session_id=...)`` resumes one with its history and proposals.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from netauto.ai.chat import converse
from netauto.ai.messages import ChatMessage, ToolCall
from netauto.ai.providers import CallRecord, ProviderChain
from netauto.chat.catalog import all_tools
from netauto.chat.history import leak_check, restore, window
from netauto.chat.lookups import project_of
from netauto.chat.proposals import Proposal
from netauto.chat.tools import ToolContext, ToolResult, call_tool, learn_backups
from netauto.db.conversations import new_session_id
from netauto.text import plural

if TYPE_CHECKING:
    from types import TracebackType

    from netauto.project import Project
    from netauto.report import RunReport

SYSTEM_PROMPT = """\
You are netauto's network assistant for a fleet of Cisco IOS routers, talking to {user}.
Answer from facts: look them up with the tools (devices, the operations log, runs, backup
diffs, NAPALM getters, allowed show commands) instead of guessing, and say which routers,
times and run ids your answer rests on. For where or since when something is configured, what
changed, past runs and the team's documents, call search first and cite the sources it
returns (router@commit, run id, document). Every tool only reads; tools that contact routers are
recorded in the operations log under the user's name, so ask only for what you need.
You cannot change anything. For a configuration change, call propose_change with the IOS
lines: the user sees each router's own diff and decides; only the user can commit, with
/commit and the operator role. Values shown as <SECRET_n> are redacted secrets: never ask for
them and never put one in a change. Be brief; plain text, short tables when useful.
Now: {now}. Fleet: {fleet}."""


@dataclass
class Turn:
    """What one question produced."""

    session_id: str
    answer: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    provider: str | None = None
    model: str | None = None
    calls: list[CallRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "answer": self.answer,
            "provider": self.provider,
            "model": self.model,
            "tool_calls": self.tool_calls,
            "proposals": [p.to_dict() for p in self.proposals],
            "calls": [call.to_dict() for call in self.calls],
        }


ToolSink = Callable[[ToolCall, ToolResult], None]


class ChatSession:
    """One conversation of one user; use as a context manager (closes the SDK clients)."""

    def __init__(
        self, context: ToolContext, chain: ProviderChain, session_id: str, system: str
    ) -> None:
        self.context = context
        self.chain = chain
        self.session_id = session_id
        self.system = system
        self.history: list[ChatMessage] = []
        self.tools = all_tools(context.chat)
        self.seq = 0
        self.stored = False  # the system row is written with the first question

    def _save(self, role: str, content: str, **metadata: Any) -> None:
        self.seq += 1
        project_of(self.context).conversations.save(
            self.session_id,
            role,
            content,
            {"seq": self.seq, **metadata},
        )

    def ask(
        self,
        text: str,
        *,
        on_text: Callable[[str], None] | None = None,
        on_tool: ToolSink | None = None,
        on_fallback: Callable[[CallRecord], None] | None = None,
    ) -> Turn:
        """The model's answer to ``text``, after the tool calls it needed."""
        if not self.stored:
            self.stored = True
            self._save("system", self.system, kind="system")
        question = self.context.redactor.redact(text)
        self.history.append(ChatMessage("user", question))
        self._save("user", question)
        turn = Turn(self.session_id)
        guard = leak_check(self.context.redactor)
        specs = [tool.spec for tool in self.tools.values()]
        rounds = self.context.chat.max_tool_rounds
        for number in range(rounds + 1):
            reply = converse(
                self.chain,
                self.system,
                window(self.history, self.context.chat.history_messages),
                specs,
                tool_choice="auto" if number < rounds else "none",
                on_text=on_text,
                on_fallback=on_fallback,
                guard=guard,
            )
            turn.calls.extend(reply.calls)
            turn.provider, turn.model = reply.provider, reply.model
            meta = {"provider": reply.provider, "model": reply.model}
            calls = [call.to_dict() for call in reply.calls]
            if not reply.tool_calls or number == rounds:
                self.history.append(ChatMessage("assistant", reply.text))
                self._save("assistant", reply.text, **meta, calls=calls)
                turn.answer = reply.text
                return turn
            records = [self._run(call, turn, on_tool) for call in reply.tool_calls]
            self.history.append(ChatMessage("assistant", reply.text, reply.tool_calls))
            for record in records:
                self.history.append(
                    ChatMessage(
                        "tool",
                        record["result"],
                        tool_call_id=record["id"],
                        is_error=record["is_error"],
                    )
                )
            self._save("assistant", reply.text, **meta, calls=calls, tool_calls=records)
            turn.tool_calls.extend(records)
        raise AssertionError("unreachable")

    def _run(self, call: ToolCall, turn: Turn, on_tool: ToolSink | None) -> dict[str, Any]:
        result = call_tool(self.tools, self.context, call)
        record = {**call.to_dict(), "result": result.text, "is_error": result.is_error}
        ident = result.data.get("proposal") if isinstance(result.data, dict) else None
        proposal = self.context.proposals.get(str(ident)) if ident else None
        if proposal is not None:
            record["proposal"] = proposal.to_dict()
            turn.proposals.append(proposal)
        if on_tool is not None:
            on_tool(call, result)
        return record

    @property
    def proposals(self) -> dict[str, Proposal]:
        return self.context.proposals

    def ready(self, ident: str) -> Proposal:
        """The proposal ``ident`` if this user may commit it now (UsageError, PermissionDenied)."""
        from netauto.chat.proposals import ready

        return ready(self.context, ident)

    def commit(self, ident: str) -> RunReport:
        """Commit a proposal of this session (operator role); the model is told how it went."""
        from netauto.chat.proposals import commit

        report = commit(self.context, ident)
        proposal = self.context.proposals[ident.strip().upper()]
        if report.declined:
            what = "not committed: a router's diff changed since it was proposed"
        else:
            what = "; ".join(f"{o.host} {o.detail}" for o in report.hosts)
        note = self.context.redactor.redact(
            f"[netauto] The user committed proposal {proposal.id}: {proposal.status} ({what}). "
            f"Run {report.run_id}."
        )
        self.history.append(ChatMessage("user", note))
        self._save(
            "system",
            note,
            kind="event",
            proposal=proposal.id,
            status=proposal.status,
            run=report.run_id,
        )
        return report

    def close(self) -> None:
        self.chain.close()

    def __enter__(self) -> ChatSession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _fleet(project: Project) -> str:
    rows = project.devices.list()
    if not rows:
        return "no device recorded yet (list_devices syncs the inventory)"
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return f"{plural(len(rows), 'router')}, " + ", ".join(
        f"{n} {s}" for s, n in sorted(counts.items())
    )


def open_session(
    project: Project | str | os.PathLike[str] | None = None,
    user: str | None = None,
    session_id: str | None = None,
) -> ChatSession:
    """A new session of the project's operator (``user`` instead, when given), or
    ``session_id`` resumed (the user's own); AIConfigError: no provider configured.

    ``project``: the open project, or its config file or folder to open it.
    """
    from netauto.ai.config import load_ai_settings
    from netauto.auth import Permission
    from netauto.chat.config import load_chat_settings
    from netauto.project import Project
    from netauto.secrets import Redactor

    if not isinstance(project, Project):
        project = Project.open(project, user=user)
    elif user:
        project = project.acting_as(user)
    settings, username = project.settings, project.operator
    project.authorize(Permission.READ)
    providers = load_ai_settings(settings).usable_providers()
    chat = load_chat_settings(settings)
    restored = restore(project.conversations.load(session_id)) if session_id else None
    redactor = Redactor(offset=restored.placeholders if restored else 0)
    context = ToolContext(settings, username, chat, redactor)
    context.cache["project"] = project
    learn_backups(context)  # before the first question: it may quote a secret
    now = datetime.now(UTC).isoformat(timespec="seconds")
    system = SYSTEM_PROMPT.format(user=username, now=now, fleet=_fleet(project))
    session = ChatSession(context, ProviderChain(providers), session_id or new_session_id(), system)
    if restored is not None:
        session.history = restored.history
        context.proposals.update(restored.proposals)
        session.seq = restored.seq
        session.stored = True
    return session
