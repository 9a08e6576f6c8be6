"""Each runbook declared once: every front end has exactly its parameters, by the same names.

For every declared runbook, the options of its command (as ``--kebab-case``), the options a
schedule takes, what ``POST /api/runs`` accepts, the parameters ``GET /api/runbooks`` gives the
web's run form and, for a runbook that only reads, the assistant tool's arguments are one and
the same list. And a runbook module added to ``netauto.runbooks`` is a runbook everywhere
without any other edit.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from netauto_testing import write_project

from netauto.cli import cli
from netauto.engine.declaration import Param, Runbook, option_of
from netauto.engine.registry import declared
from netauto.exceptions import UsageError

# The options every runbook command shares, and the command line's own.
SHARED = {"config_file", "hosts", "groups", "filters", "workers", "executor", "as_json", "user"}
CLI_ONLY = {"yes", "quiet", "help"}


def sample(param: Param) -> tuple[Any, list[str]]:
    """A good value of the parameter, as JSON and as typed after its option."""
    if param.kind == "flag":
        return True, []
    if param.kind == "int":
        value = param.minimum if param.minimum is not None else 1
        return value, [str(value)]
    if param.kind == "list":
        item = param.choices[0] if param.choices else "a"
        return [item], [item]
    if param.kind == "map":
        return {"k": "v"}, ["k=v"]
    if param.kind == "choice":
        return param.choices[0], [param.choices[0]]
    text = "ios/ntp.j2" if param.kind == "template" else "/tmp/x" if param.kind == "path" else "x"
    return text, [text]


def cli_names(runbook: Runbook) -> set[str]:
    command = cli.get_command(click.Context(cli), runbook.name)
    assert command is not None
    for option in command.params:
        if option.name in {param.name for param in runbook.params} and isinstance(
            option, click.Option
        ):
            assert option_of(str(option.name)) in option.opts  # spelled from the name
    return {str(option.name) for option in command.params} - SHARED - CLI_ONLY


def schedule_names(runbook: Runbook) -> set[str]:
    from netauto.schedule.runbooks import parse_options

    tokens = []
    for param in runbook.params:
        tokens += [option_of(param.name), *sample(param)[1]]
    found = parse_options(runbook.name, tokens)
    with pytest.raises(UsageError, match="has no option --nope"):
        parse_options(runbook.name, ["--nope", "x"])
    return set(found)


def api_names(runbook: Runbook) -> set[str]:
    """What the API's check knows: accepted, or refused as a local path, never unknown."""
    known = set()
    for param in runbook.params:
        try:
            runbook.accept({param.name: sample(param)[0]}, remote=True, complete=False)
        except UsageError as exc:
            assert "is a path on the machine" in str(exc), exc
        known.add(param.name)
    with pytest.raises(UsageError, match=f"runbook {runbook.name} has no option nope"):
        runbook.accept({"nope": 1}, remote=True)
    return known


@pytest.fixture
def form(tmp_path: Path, sqlite_url: str) -> dict[str, list[str]]:
    """Runbook -> its parameters as ``GET /api/runbooks`` serves them to the run form."""
    from netauto.accounts import add_user, create_token
    from netauto.web import create_app

    config = write_project(tmp_path, sqlite_url)
    app = create_app(config)
    try:
        add_user(sqlite_url, "vic@example.com", role="viewer", actor="t", username="vic")
        token, _ = create_token(sqlite_url, "vic@example.com", actor="t")
        answer = app.test_client().get(
            "/api/runbooks", headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 200
        return {rb["name"]: [p["name"] for p in rb["params"]] for rb in answer.get_json()}
    finally:
        app.extensions["netauto"].feed.close()


def tool_names(runbook: Runbook) -> set[str] | None:
    from netauto.chat.config import ChatSettings
    from netauto.chat.router_tools import runbook_tool
    from netauto.show_policy import DEFAULT_ALLOWED, parse_policy

    if runbook.tool is None:
        return None
    chat = ChatSettings(policy=parse_policy(DEFAULT_ALLOWED, ""))
    properties = runbook_tool(runbook, chat).spec.parameters["properties"]
    return set(properties) - {"hosts", "group"}


def test_every_front_end_has_the_declared_parameters(form: dict[str, list[str]]) -> None:
    runbooks = declared()
    assert set(runbooks) >= {"backup", "check", "deploy", "facts", "generate", "health"}
    assert set(form) == set(runbooks)
    for name, runbook in runbooks.items():
        names = {param.name for param in runbook.params}
        assert cli_names(runbook) == names, name
        assert schedule_names(runbook) == names, name
        assert api_names(runbook) == names, name
        assert form[name] == [param.name for param in runbook.params], name
        tool = tool_names(runbook)
        if tool is not None:
            assert tool == {p.name for p in runbook.params if p.remote}, name
    assert {rb.tool for rb in runbooks.values()} == {
        None,
        "get_facts",
        "show_command",
        "compliance",
    }


def test_one_name_per_concept_and_the_old_spellings_still_work() -> None:
    runbooks = declared()
    assert runbooks["facts"].param("getters") is not None
    assert runbooks["rollback"].param("run_id") is not None
    assert runbooks["generate"].param("config_type") is not None
    for old, runbook, name in (
        ("--getter", "facts", "getters"),
        ("--run", "rollback", "run_id"),
        ("--snapshot", "rollback", "snapshot_id"),
        ("--type", "generate", "config_type"),
        ("--param", "generate", "params"),
    ):
        command = cli.get_command(click.Context(cli), runbook)
        assert command is not None
        [option] = [o for o in command.params if o.name == name]
        assert old in option.opts  # accepted...
        shown = CliRunner().invoke(cli, [runbook, "--help"]).output
        assert f"{old} " not in shown and f"{old}," not in shown  # ...and not shown
        assert option_of(name) in shown


RUNBOOK_MODULE = '''
"""A runbook added as one module: its declaration and its function, nothing else."""
from __future__ import annotations

from netauto.engine.declaration import Param, Runbook

RUNBOOK = Runbook(
    "hello-fleet",
    "netauto.runbooks.hello_fleet:hello_fleet",
    "Say hello to each router without connecting to it.",
    params=(Param("greeting", "text", "What to say.", default="hello"),),
    permission=PERMISSION,
)


def hello_fleet(selection=None, *, greeting="hello", options=None):
    from netauto.report import HostOutcome
    from netauto.engine.session import open_run

    with open_run("hello-fleet", selection, options, arguments={"greeting": greeting}) as run:
        names = sorted(run.nr.inventory.hosts)
    return run.report([HostOutcome(name, "ok", detail=greeting) for name in names])
'''


def add_runbook(folder: Path, monkeypatch: pytest.MonkeyPatch, permission: str) -> None:
    import netauto.runbooks as package

    folder.mkdir()
    source = RUNBOOK_MODULE.replace("PERMISSION", repr(permission))
    (folder / "hello_fleet.py").write_text(source)
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(folder)])


@pytest.fixture
def new_runbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    add_runbook(tmp_path / "more", monkeypatch, "read")
    yield
    sys.modules.pop("netauto.runbooks.hello_fleet", None)


@pytest.fixture
def admin_runbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    add_runbook(tmp_path / "more", monkeypatch, "admin")
    yield
    sys.modules.pop("netauto.runbooks.hello_fleet", None)


def test_a_new_runbook_module_is_a_runbook_everywhere(
    new_runbook: None, tmp_path: Path, sqlite_url: str, form: dict[str, list[str]]
) -> None:
    from netauto.schedule.runbooks import parse_options, runbooks

    assert form["hello-fleet"] == ["greeting"]  # the web's run form and POST /api/runs
    assert "hello-fleet" in runbooks()  # schedules
    assert parse_options("hello-fleet", ["--greeting", "hi"]) == {"greeting": "hi"}
    assert tool_names(declared()["hello-fleet"]) == {"greeting"}  # the assistant
    listed = CliRunner().invoke(cli, ["--help"]).output
    assert "hello-fleet" in listed and "Say hello to each router" in listed
    config = write_project(tmp_path / "project", sqlite_url)
    result = CliRunner().invoke(
        cli, ["hello-fleet", "--config", str(config), "-H", "R15", "--greeting", "hi", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert '"detail": "hi"' in result.output


def test_a_declared_permission_is_enforced_by_every_front_end(
    admin_runbook: None, tmp_path: Path, sqlite_url: str
) -> None:
    """A runbook that needs the admin role: refused to an operator on the command line, in a
    schedule and over the API (auth.enforce on); an admin runs it."""
    from netauto.accounts import add_user, create_token
    from netauto.db.migrate import upgrade
    from netauto.web import create_app

    upgrade(sqlite_url)
    add_user(sqlite_url, "oli@example.com", role="operator", actor="t", username="oli")
    add_user(sqlite_url, "ada@example.com", role="admin", actor="t", username="ada")
    config = write_project(tmp_path / "project", sqlite_url, None, {"auth": {"enforce": True}})
    command = ["hello-fleet", "--config", str(config), "-H", "R15"]
    refused = CliRunner().invoke(cli, [*command, "--user", "oli"])
    assert refused.exit_code == 2
    line = refused.output.strip()
    assert line.startswith("Error: user oli is ") and line.endswith("this needs the admin role")
    assert CliRunner().invoke(cli, [*command, "--user", "ada"]).exit_code == 0
    schedule = ["schedule", "add", "hi", "--runbook", "hello-fleet", "--every", "1h"]
    scheduled = CliRunner().invoke(cli, [*schedule, "--config", str(config), "--user", "oli"])
    assert scheduled.exit_code == 2 and "needs the admin role" in scheduled.output
    app = create_app(config)
    try:
        token, _ = create_token(sqlite_url, "oli@example.com", actor="t")
        answer = app.test_client().post(
            "/api/runs",
            json={"runbook": "hello-fleet", "hosts": ["R15"]},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 403
    finally:
        app.extensions["netauto"].feed.close()
