"""netauto generate end to end: the simulated fleet, the stub providers, the real SDKs.

The stub answers as the test scripts it; the routers are the lab's (real SSH, real NAPALM).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aistub import Fail, Hang, StubServer, ai_section
from netauto_testing import Project, configure_router, make_project, write_project
from sqlalchemy import select

from netauto.db.engine import session_scope
from netauto.db.models import AIConversation

SYSLOG = "```ios\nlogging host 192.0.2.20\nlogging trap warnings\n```"
# Secrets put on R15 before a run: none may reach a provider.
SECRET_LINES = [
    "snmp-server community S3cretCommunity RO",
    "line vty 0 4",
    " password VtyLinePassw0rd",
    "router bgp 65015",
    " neighbor 10.0.0.2 remote-as 65016",
    " neighbor 10.0.0.2 password BgpNeighb0rPw",
]
SECRETS = ["S3cretCommunity", "VtyLinePassw0rd", "BgpNeighb0rPw"]


@pytest.fixture(name="project")
def project_fixture(tmp_path: Path, sqlite_url: str, fleet: Any, stub: StubServer) -> Project:
    return make_project(
        tmp_path, sqlite_url, fleet, ai=ai_section(stub), generated_dir=str(tmp_path / "gen")
    )


def running(project: Project, name: str = "R15") -> str:
    return str(project.fleet.router(name).running_config)


def lines(config: str) -> list[str]:
    return [line for line in config.splitlines() if line.strip() and not line.startswith("!")]


def conversations(project: Project) -> list[AIConversation]:
    with session_scope(project.database_url) as session:
        rows = list(session.scalars(select(AIConversation).order_by(AIConversation.created_at)))
        session.expunge_all()
    return rows


def test_good_answer_shows_the_diff_and_commits_nothing(project: Project, stub: StubServer) -> None:
    stub.script("openai", SYSLOG)
    before = running(project)
    out = project.run("generate", "--intent", "send syslog to 192.0.2.20 at warnings", "-H", "R15")
    assert out.exit_code == 0, out.output
    assert "openai gpt-stub (1 attempt" in out.output and "secrets redacted: 2" in out.output
    assert "+logging host 192.0.2.20" in out.output and "+logging trap warnings" in out.output
    assert "Candidate saved to" in out.output and "Dry run: nothing was committed" in out.output
    assert running(project) == before
    [saved] = list((project.folder / "gen").glob("R15-*.cfg"))
    assert "logging host 192.0.2.20" in saved.read_text()
    [row] = [op for op in project.operations() if op.operation_type == "ai_generate"]
    assert row.status == "success" and row.host == "R15"
    assert "+logging host 192.0.2.20" in (row.diff or "")
    result = row.result["result"]
    assert (result["provider"], result["model"], result["attempts"]) == ("openai", "gpt-stub", 1)
    assert result["verdict"] == "accepted"
    assert "send syslog" in (row.command or "")
    assert result["calls"][0]["input_tokens"] == 100
    roles = [c.message_role for c in conversations(project)]
    assert roles == ["system", "user", "assistant"]


def test_fallback_when_openai_fails_or_times_out(
    tmp_path: Path, sqlite_url: str, fleet: Any, stub: StubServer
) -> None:
    project = make_project(
        tmp_path,
        sqlite_url,
        fleet,
        ai=ai_section(stub, timeout=1),
        generated_dir=str(tmp_path / "gen"),
    )
    stub.script("openai", Fail(500), Hang())
    stub.script("anthropic", default=SYSLOG)
    for _ in range(2):
        out = project.run("generate", "--intent", "syslog to 192.0.2.20", "-H", "R16")
        assert out.exit_code == 0, out.output
        assert "anthropic claude-stub (1 attempt" in out.output
    rows = [op for op in project.operations() if op.operation_type == "ai_generate"]
    outcomes = [[c["outcome"] for c in row.result["result"]["calls"]] for row in rows]
    assert sorted(outcomes) == [["error", "ok"], ["timeout", "ok"]]


def test_forbidden_command_is_rejected_and_the_router_untouched(
    project: Project, stub: StubServer
) -> None:
    stub.script("openai", default="```ios\nlogging host 192.0.2.20\nreload in 5\n```")
    before = running(project, "R17")
    out = project.run(
        "generate", "--intent", "syslog", "-H", "R17", "--commit", "--yes", "--max-attempts", "2"
    )
    assert out.exit_code == 1, out.output
    assert "forbidden command 'reload in 5'" in out.output
    assert running(project, "R17") == before
    assert len(stub.of("openai")) == 2
    # The rejection was fed back to the model word for word.
    assert "forbidden command 'reload in 5'" in stub.of("openai")[1].texts()[-1]


def test_invalid_line_is_fed_back_and_fixed_on_the_second_attempt(
    project: Project, stub: StubServer
) -> None:
    stub.script("openai", "```ios\nlogging trap warnigs\n```", SYSLOG)
    out = project.run("generate", "--intent", "syslog", "-H", "R18")
    assert out.exit_code == 0, out.output
    assert "(2 attempts" in out.output and "+logging trap warnings" in out.output
    feedback = stub.of("openai")[1].texts()[-1]
    assert "logging trap warnigs" in feedback
    assert "% Invalid input detected at '^' marker." in feedback


def test_garbage_after_the_last_attempt_fails_and_changes_nothing(
    project: Project, stub: StubServer
) -> None:
    stub.script("openai", default="I am sorry, I cannot do that.")
    before = running(project, "R19")
    out = project.run("generate", "--intent", "syslog", "-H", "R19", "--commit", "--yes")
    assert out.exit_code == 1, out.output
    assert "rejected after 3 attempts" in out.output
    assert len(stub.of("openai")) == 3
    assert running(project, "R19") == before
    [row] = [op for op in project.operations() if op.operation_type == "ai_generate"]
    assert row.status == "failed" and "rejected after 3" in (row.error_message or "")
    assert list((project.folder / "gen").glob("R19-*.rejected.cfg"))


def test_commit_changes_the_router_exactly_as_intended(project: Project, stub: StubServer) -> None:
    stub.script("openai", SYSLOG)
    before = running(project, "R20")
    out = project.run("generate", "--intent", "syslog", "-H", "R20", "--commit", "--yes")
    assert out.exit_code == 0, out.output
    assert "1 committed." in out.output
    after = lines(running(project, "R20"))
    added = [line for line in after if line not in lines(before)]
    removed = [line for line in lines(before) if line not in after]
    assert sorted(added) == ["logging host 192.0.2.20", "logging trap warnings"]
    assert removed == []


def test_commit_asks_first(project: Project, stub: StubServer) -> None:
    from click.testing import CliRunner

    from netauto.cli import cli

    stub.script("openai", default=SYSLOG)
    before = running(project, "R21")
    args = ["generate", "--config", str(project.config), "--intent", "syslog", "-H", "R21"]
    refused = CliRunner().invoke(cli, [*args, "--commit"], input="n\n")
    assert refused.exit_code == 1 and "Nothing was committed" in refused.output
    assert running(project, "R21") == before
    accepted = CliRunner().invoke(cli, [*args, "--commit"], input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "logging trap warnings" in running(project, "R21")


def test_no_secret_of_the_router_reaches_a_provider(project: Project, stub: StubServer) -> None:
    configure_router(project, "R15", SECRET_LINES)
    config = running(project)
    assert all(secret in config for secret in SECRETS)
    hashes = [line.split()[-1] for line in config.splitlines() if " secret 9 " in line]
    assert hashes
    stub.script("openai", "```ios\nlogging trap warnigs\n```", Fail(500))
    stub.script("anthropic", SYSLOG)
    out = project.run("generate", "--intent", "syslog for vty and snmp", "-H", "R15")
    assert out.exit_code == 0, out.output
    assert len(stub.requests) == 3
    for request in stub.requests:
        for secret in [*SECRETS, *hashes]:
            assert secret not in request.body
    assert "<SECRET_" in stub.requests[0].body
    for row in conversations(project):
        assert all(secret not in row.message_content for secret in SECRETS)


def test_no_provider_is_exit_2_before_any_router(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from netauto.cli import cli

    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    # Port 9 on loopback: nothing listens; a contacted router would fail differently.
    hosts = {"R15": {"hostname": "127.0.0.1", "port": 9, "groups": ["routers"]}}
    config = write_project(tmp_path, sqlite_url, hosts)
    out = CliRunner().invoke(cli, ["generate", "--config", str(config), "--intent", "x"])
    assert out.exit_code == 2
    assert out.output.strip().startswith("Error: no AI provider configured: set OPENAI_API_KEY")
    assert len(out.output.strip().splitlines()) == 1


def test_type_and_params_make_the_intent(project: Project, stub: StubServer) -> None:
    stub.script("openai", "```ios\nntp server 192.0.2.10\n```")
    out = project.run(
        "generate", "--type", "ntp", "--param", "server=192.0.2.10", "-H", "R22", "--json"
    )
    assert out.exit_code == 0, out.output
    assert "Configure ntp on this router" in stub.requests[0].texts()[-1]
    assert '"server": "192.0.2.10"' in stub.requests[0].texts()[-1]
    assert '"verdict": "accepted"' in out.output


@pytest.mark.parametrize(
    "args",
    [["--intent", "x", "--type", "ntp"], [], ["--param", "a=b", "--intent", "x"]],
)
def test_usage_errors_are_exit_2(project: Project, args: list[str]) -> None:
    out = project.run("generate", *args)
    assert out.exit_code == 2 and out.output.startswith("Error:")


GENERATE = """
import json, sys
from netauto.runbooks import RunOptions, Selection, generate

plans = []


def confirm(plan):
    plans.append({host: change.diff for host, change in plan.changes.items()})
    return True


report = generate(
    Selection(hosts=["R22"]),
    intent="syslog to 192.0.2.20",
    commit=True,
    confirm=confirm,
    options=RunOptions(config=sys.argv[1]),
)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("click", "rich"))
print(json.dumps({"report": report.to_dict(), "plans": plans, "loaded": loaded}))
"""


def test_generate_from_python_commits_exactly_the_candidate_shown(
    project: Project, stub: StubServer
) -> None:
    """The library call, without click: one generation, the plan confirmed, that plan committed."""
    import json
    import subprocess
    import sys

    stub.script("openai", SYSLOG, default="```ios\nlogging host 192.0.2.99\n```")
    done = subprocess.run(
        [sys.executable, "-c", GENERATE, str(project.config)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["loaded"] == []
    [plan] = answer["plans"]
    assert "+logging host 192.0.2.20" in plan["R22"]
    report = answer["report"]
    assert not report["failed"] and report["note"] == "1 committed."
    [outcome] = report["hosts"]
    assert outcome["data"]["committed"] and outcome["data"]["provider"] == "openai"
    assert "candidate" not in outcome["data"]
    after = running(project, "R22")
    assert "logging host 192.0.2.20" in after and "192.0.2.99" not in after
    assert len(stub.requests) == 1  # nothing generated again between preview and commit
    types = sorted(op.operation_type for op in project.operations() if op.host == "R22")
    assert types == ["ai_generate", "config_commit"]
