"""netauto chat end to end: the simulated fleet, the stub providers (tool calling), the real SDKs.

The stub plays the model: each test scripts which tools it calls and what it answers; the
tools run for real (runbooks on the lab's routers, the operations log, the backups).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aistub import Call, Fail, StubServer, Turn, ai_section
from click.testing import Result
from netauto_testing import Project, configure_router, make_project
from sqlalchemy import select

from netauto.db.engine import session_scope
from netauto.db.models import AIConversation


@pytest.fixture(scope="module")
def fleet_size() -> int:
    return 3


@pytest.fixture(name="project")
def project_fixture(tmp_path: Path, sqlite_url: str, fleet: Any, stub: StubServer) -> Project:
    return make_project(tmp_path, sqlite_url, fleet, ai=ai_section(stub))


def chat(project: Project, *args: str, user: str = "ada", stdin: str | None = None) -> Result:
    return project.run("chat", "--user", user, *args, stdin=stdin)


def ask(project: Project, *args: str, user: str = "ada") -> dict[str, Any]:
    out = chat(project, *args, "--json", user=user)
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def rows(project: Project) -> list[AIConversation]:
    with session_scope(project.database_url) as session:
        found = list(session.scalars(select(AIConversation)))
        session.expunge_all()
    return sorted(found, key=lambda row: (row.created_at, (row.metadata_ or {}).get("seq", 0)))


def logins(project: Project) -> dict[str, int]:
    return {r["name"]: r["logins"] for r in project.fleet.status()["routers"]}


def test_a_scripted_conversation_looks_up_the_fleet(project: Project, stub: StubServer) -> None:
    stub.script(
        "openai",
        Call("list_devices", {}),
        Call("show_command", {"hosts": ["R15"], "command": "sh ip int br"}),
        "On R15, Loopback0, GigabitEthernet0/0 and 0/1 are up.",
    )
    data = ask(project, "-m", "which interfaces are up on R15?")
    assert data["answer"] == "On R15, Loopback0, GigabitEthernet0/0 and 0/1 are up."
    assert [c["name"] for c in data["tool_calls"]] == ["list_devices", "show_command"]
    assert data["provider"] == "openai" and data["session_id"].startswith("chat-")
    first, second, third = stub.of("openai")
    assert {t["function"]["name"] for t in first.json["tools"]} >= {"show_command", "get_facts"}
    assert "propose_change" in {t["function"]["name"] for t in first.json["tools"]}
    devices = json.loads(second.tool_results()[0])
    assert [d["name"] for d in devices["devices"]] == ["R15", "R16", "R17"]
    shown = json.loads(third.tool_results()[1])
    assert shown["command"] == "show ip interface brief"
    assert "10.0.15.1" in shown["results"][0]["output"]
    [run] = project.runs()
    assert (run.runbook, run.username, run.status) == ("show", "ada", "success")
    [op] = project.operations("show_command")
    assert (op.host, op.status, op.run_id) == ("R15", "success", run.id)
    stored = rows(project)
    assert [row.message_role for row in stored] == ["system", "user", *["assistant"] * 3]
    calls = [c["name"] for row in stored for c in (row.metadata_ or {}).get("tool_calls", [])]
    assert calls == ["list_devices", "show_command"]
    assert "10.0.15.1" in stored[3].metadata_["tool_calls"][0]["result"]


def test_commands_outside_the_allow_list_are_refused_before_any_router(
    project: Project, stub: StubServer
) -> None:
    refused = ["reload", "show run | redirect flash:x.cfg", "configure terminal", "show tech"]
    before, config = logins(project), project.fleet.router("R16").running_config
    calls = tuple(Call("show_command", {"hosts": ["R16"], "command": c}) for c in refused)
    stub.script("openai", Turn("", calls), "Those commands are not allowed.")
    data = ask(project, "-m", "reload R16 please")
    assert [call["is_error"] for call in data["tool_calls"]] == [True] * 4
    assert all("refused" in call["result"] for call in data["tool_calls"])
    assert "redirect" in data["tool_calls"][1]["result"]
    assert project.runs() == [] and project.operations("show_command") == []
    assert logins(project) == before
    assert project.fleet.router("R16").running_config == config
    out = project.run("show", "reload", "-H", "R16")
    assert out.exit_code == 2 and "refused" in out.output
    assert logins(project) == before


CANARIES = ["CanaryC0mmunity", "CanaryVtyPassw0rd"]


def test_a_canary_secret_never_reaches_a_provider_or_the_log(
    project: Project, stub: StubServer
) -> None:
    assert project.run("backup", "-H", "R15").exit_code == 0
    configure_router(
        project,
        "R15",
        [f"snmp-server community {CANARIES[0]} RO", "line vty 0 4", f" password {CANARIES[1]}"],
    )
    assert project.run("backup", "-H", "R15").exit_code == 0
    assert all(canary in (project.backups / "R15.cfg").read_text() for canary in CANARIES)
    stub.script(
        "openai",
        Turn(
            "",
            (
                Call("show_command", {"hosts": ["R15"], "command": "show running-config"}),
                Call("backup_diff", {"host": "R15"}),
                Call("device_detail", {"name": "R15"}),
            ),
        ),
        Fail(500),
    )
    stub.script("anthropic", "Yes, R15 has an SNMP community.")
    data = ask(project, "-m", f"is {CANARIES[0]} still configured on R15?")
    assert data["provider"] == "anthropic" and len(stub.requests) == 3
    shown = data["tool_calls"][0]["result"]
    assert "snmp-server community <SECRET_" in shown
    assert "+snmp-server community <SECRET_" in data["tool_calls"][1]["result"]
    for request in stub.requests:
        assert all(canary not in request.body for canary in CANARIES)
    assert "<SECRET_" in stub.requests[0].body  # the question itself was redacted
    for row in rows(project):
        text = row.message_content + json.dumps(row.metadata_)
        assert all(canary not in text for canary in CANARIES)


def test_fallback_in_the_middle_of_a_conversation_keeps_the_history(
    project: Project, stub: StubServer
) -> None:
    stub.script("openai", Call("list_devices", {"name": "R1*"}), Fail(500))
    stub.script("anthropic", "Three routers: R15, R16, R17.")
    data = ask(project, "-m", "how many routers?")
    assert (data["provider"], data["answer"]) == ("anthropic", "Three routers: R15, R16, R17.")
    assert [c["outcome"] for c in data["calls"]] == ["ok", "error", "ok"]
    [request] = stub.of("anthropic")
    messages = request.json["messages"]
    assert messages[0]["content"][0]["text"] == "how many routers?"
    assert messages[1]["content"][0]["name"] == "list_devices"
    assert '"R17"' in request.tool_results()[0]


def test_a_resumed_session_sends_the_earlier_turns(project: Project, stub: StubServer) -> None:
    stub.script("openai", Call("list_devices", {}), "Three routers.", "None is online yet.")
    first = ask(project, "-m", "how many routers?")
    session = first["session_id"]
    second = ask(project, "--session", session, "-m", "which are online?")
    assert second["session_id"] == session
    sent = stub.of("openai")[-1].json["messages"]
    assert [(m["role"], m.get("content")) for m in sent if m["role"] == "user"] == [
        ("user", "how many routers?"),
        ("user", "which are online?"),
    ]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "tool", "assistant", "user"]
    assert sent[4]["content"] == "Three routers."
    listed = json.loads(chat(project, "--list", "--json").stdout)
    assert [(s["session_id"], s["title"]) for s in listed] == [(session, "how many routers?")]
    other = chat(project, "--session", session, "-m", "hello", user="bob")
    assert other.exit_code == 2 and "belongs to another user" in other.output


def test_a_change_is_a_proposal_and_only_an_operator_commits_it(
    project: Project, stub: StubServer
) -> None:
    from netauto.accounts import set_role

    change = {"hosts": ["R16"], "config": "logging host 192.0.2.55", "reason": "central syslog"}
    bad = {"hosts": ["R16"], "config": "logging host 192.0.2.55\nreload in 5"}
    stub.script(
        "openai",
        Turn("", (Call("propose_change", bad), Call("propose_change", change))),
        "Proposal P1 sends R16's syslog to 192.0.2.55.",
    )
    before = project.fleet.router("R16").running_config
    data = ask(project, "-m", "send R16's syslog to 192.0.2.55")
    rejected = json.loads(data["tool_calls"][0]["result"])
    assert rejected["status"] == "rejected" and "reload in 5" in rejected["error"]
    [proposal] = data["proposals"]
    assert (proposal["id"], proposal["hosts"]) == ("P1", ["R16"])
    assert "+logging host 192.0.2.55" in proposal["diffs"]["R16"]
    assert project.fleet.router("R16").running_config == before
    session = data["session_id"]
    viewer = chat(project, "--session", session, "-m", "/commit P1")
    assert viewer.exit_code == 2 and "needs the operator role" in viewer.output
    assert project.fleet.router("R16").running_config == before
    set_role(project.database_url, "ada", "operator", actor="test")
    done = chat(project, "--session", session, "-m", "/commit P1")
    assert done.exit_code == 0, done.output
    assert "committed" in done.output
    assert "logging host 192.0.2.55" in project.fleet.router("R16").running_config
    [commit] = project.operations("config_commit")
    assert (commit.host, commit.status) == ("R16", "success")
    again = chat(project, "--session", session, "-m", "/commit P1")
    assert again.exit_code == 2 and "is committed" in again.output
    assert rows(project)[-1].metadata_["kind"] == "event"


def test_the_interactive_session(project: Project, stub: StubServer) -> None:
    stub.script("openai", Call("list_devices", {}), "Three: R15, R16, R17.", "Hello again.")
    script = "which routers are there?\n/history\n/new\nhello\n/quit\n"
    out = chat(project, stdin=script)
    assert out.exit_code == 0, out.output
    assert "Three: R15, R16, R17." in out.stdout and "Hello again." in out.stdout
    assert "> list_devices()" in out.stderr
    assert "you> which routers are there?" in out.stdout  # /history
    assert "New session chat-" in out.stdout
    listed = json.loads(chat(project, "--list", "--json").stdout)
    assert sorted(s["title"] for s in listed) == ["hello", "which routers are there?"]
