"""The CLI: runbook discovery from entry points, shared options, one-line errors, exit codes."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner
from netauto_testing import many_hosts, write_project
from sqlalchemy import select

from netauto.cli import cli
from netauto.db.engine import session_scope
from netauto.db.models import OperationLog, Run

RUNBOOK = textwrap.dedent(
    '''
    """A third-party runbook: a library function on the engine, and its click command."""
    from __future__ import annotations

    import click
    from nornir.core.task import MultiResult, Result, Task

    from netauto.cli.options import runbook_options
    from netauto.cli.runbook import finish, run_options, selection_of
    from netauto.report import HostOutcome, RunReport
    from netauto.engine.options import RunOptions, Selection
    from netauto.engine.outcomes import outcomes
    from netauto.engine.session import open_run


    def ping_task(task: Task, fail: tuple[str, ...] = ()) -> Result:
        if task.host.name in fail:
            raise TimeoutError("no answer")
        return Result(host=task.host, result="pong")


    def describe(host: str, multi: MultiResult) -> HostOutcome:
        return HostOutcome(host, "ok")


    def run_ping(
        selection: Selection | None = None,
        *,
        fail: tuple[str, ...] = (),
        options: RunOptions | None = None,
    ) -> RunReport:
        with open_run("ping", selection, options, arguments={"fail": list(fail)}) as run:
            result = run.nr.run(task=ping_task, fail=fail)
        return run.report(outcomes(result, describe))


    @click.command()
    @runbook_options
    @click.option("--fail", multiple=True)
    def ping(fail: tuple[str, ...], **options: object) -> None:
        """Answer pong for every host."""
        report = run_ping(selection_of(options), fail=fail, options=run_options(options))
        finish(report, options)
    '''
)


@pytest.fixture
def third_party_runbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A real distribution on sys.path whose entry point adds the `ping` runbook."""
    site = tmp_path / "site"
    (site / "pingbook").mkdir(parents=True)
    (site / "pingbook" / "__init__.py").write_text(RUNBOOK)
    dist = site / "pingbook-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: pingbook\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[netauto.runbooks]\nping = pingbook:ping\n")
    monkeypatch.syspath_prepend(str(site))
    yield
    sys.modules.pop("pingbook", None)


@pytest.fixture
def project(tmp_path: Path, sqlite_url: str) -> Path:
    return write_project(tmp_path / "project", sqlite_url)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_runbook_discovered_from_entry_point(third_party_runbook: None, project: Path) -> None:
    assert "ping" in {ep.name for ep in metadata.entry_points(group="netauto.runbooks")}
    code, out, _ = invoke("--help")
    assert code == 0 and "ping" in out and "Answer pong" in out
    code, out, err = invoke("ping", "--config", str(project), "-g", "routers")
    assert code == 0, err
    assert "11 ok, 0 failed." in out


def test_failed_host_exits_1_and_is_logged(
    third_party_runbook: None, project: Path, sqlite_url: str
) -> None:
    code, out, _ = invoke("ping", "--config", str(project), "-H", "R15,R16", "--fail", "R16")
    assert code == 1
    assert "1 ok, 1 failed." in out
    with session_scope(sqlite_url) as session:
        rows = {row.host: row for row in session.scalars(select(OperationLog))}
        run = session.scalars(select(Run)).one()
    assert set(rows) == {"R15", "R16"}
    assert rows["R16"].status == "failed" and rows["R16"].error_message == "no answer"
    assert run.runbook == "ping" and run.arguments is not None
    assert run.arguments["hosts"] == ["R15", "R16"] and run.arguments["fail"] == ["R16"]


def test_json_output(third_party_runbook: None, project: Path) -> None:
    import json

    code, out, _ = invoke("ping", "--config", str(project), "-H", "R15", "--json")
    assert code == 0
    assert json.loads(out) == [{"host": "R15", "status": "ok", "changed": False, "detail": ""}]


def test_filter_selects_by_data(third_party_runbook: None, project: Path) -> None:
    code, out, _ = invoke("ping", "--config", str(project), "--filter", "role=core", "--json")
    assert code == 0
    assert [row["host"] for row in __import__("json").loads(out)] == ["R15", "R16"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-H", "R99"), "Error: no host matches: R99 (inventory has R15..R25)"),
        (("-g", "switches"), "Error: no group matches: switches (inventory has routers)"),
        (("--filter", "site=mars"), "Error: no host matches the selection: site=mars"),
        (("--filter", "nonsense"), "expected key=value"),
        (("-H", ""), "the host list is empty"),  # an empty $HOSTS is never the whole fleet
        (("-H", " , "), "the host list is empty"),
        (("-g", " "), "a group name is empty"),
    ],
)
def test_bad_selection_exits_2(
    third_party_runbook: None, project: Path, args: tuple[str, ...], message: str
) -> None:
    code, _, err = invoke("ping", "--config", str(project), *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_bad_config_exits_2_in_one_line(third_party_runbook: None, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("inventory:\n  plugin: SimpleInventory\n  options: a: b\n")
    code, _, err = invoke("ping", "--config", str(broken))
    assert code == 2
    assert err.strip().splitlines() == [
        f"Error: {broken} line 3: mapping values are not allowed here"
    ]


def test_bad_inventory_yaml_exits_2(third_party_runbook: None, project: Path) -> None:
    hosts = project.parent / "inventory" / "hosts.yaml"
    hosts.write_text("R15:\n  hostname: 127.0.0.15\n  groups: [routers\n")
    code, _, err = invoke("ping", "--config", str(project))
    assert code == 2
    assert f"Error: {hosts} line" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("which", ["config", "inventory"])
def test_a_file_that_is_not_utf8_exits_2_in_one_line(
    third_party_runbook: None, project: Path, which: str
) -> None:
    """A binary (or Latin-1) config or inventory file is named, not a UnicodeDecodeError."""
    bad = project if which == "config" else project.parent / "inventory" / "hosts.yaml"
    bad.write_bytes(b"R15:\n  hostname: 127.0.0.15 \xff\n")
    code, _, err = invoke("ping", "--config", str(project))
    assert code == 2, err
    assert err.strip().splitlines() == [f"Error: not UTF-8 text (byte 28: a binary file?) ({bad})"]


def test_invalid_address_exits_2(
    third_party_runbook: None, tmp_path: Path, sqlite_url: str
) -> None:
    hosts = many_hosts(1)
    hosts["R0"]["hostname"] = "300.1.1.1"
    config = write_project(tmp_path, sqlite_url, hosts=hosts)
    code, _, err = invoke("ping", "--config", str(config))
    assert code == 2
    assert "Error: host R0: hostname '300.1.1.1' is not a valid IP address" in err


def test_real_router_needs_credentials_from_environment(
    third_party_runbook: None, tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NETAUTO_USERNAME", raising=False)
    hosts = {"EDGE1": {"hostname": "192.0.2.1", "groups": ["routers"]}}
    config = write_project(tmp_path, sqlite_url, hosts=hosts)
    code, _, err = invoke("ping", "--config", str(config))
    assert code == 2
    assert "Error: host EDGE1: no credentials; set NETAUTO_USERNAME" in err


def test_debug_shows_the_traceback(third_party_runbook: None, project: Path) -> None:
    result = CliRunner().invoke(cli, ["--debug", "ping", "--config", str(project), "-H", "R99"])
    assert result.exit_code == 1
    assert result.exception is not None
    assert type(result.exception).__name__ == "HostSelectionError"


def test_help_does_not_import_drivers() -> None:
    import subprocess

    code = (
        "import sys; from netauto.cli import cli; "
        "from click.testing import CliRunner; CliRunner().invoke(cli, ['--help']); "
        "print(sorted(m for m in ('napalm', 'netmiko', 'sqlalchemy', 'openai', 'anthropic',"
        " 'nornir_napalm', 'paramiko', 'asyncio', 'asyncssh', 'nornir', 'rich')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_a_new_command_module_is_a_command_without_any_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built-in commands are the modules of netauto.cli.commands: adding one is enough."""
    import netauto.cli.commands as commands

    (tmp_path / "hello_world.py").write_text(
        "import click\n\n\n@click.command()\ndef hello_world() -> None:\n"
        '    """Say hello."""\n    click.echo("hello")\n'
    )
    monkeypatch.setattr(commands, "__path__", [*commands.__path__, str(tmp_path)])
    try:
        code, out, _ = invoke("--help")
        assert code == 0 and "hello-world" in out and "Say hello." in out
        code, out, _ = invoke("hello-world")
        assert code == 0 and out == "hello\n"
    finally:
        sys.modules.pop("netauto.cli.commands.hello_world", None)


def test_blank_names_in_a_library_selection_are_refused(project: Path) -> None:
    from netauto.exceptions import HostSelectionError
    from netauto.runbooks import RunOptions, Selection, check

    for selection in (Selection(hosts=[""]), Selection(hosts=["R15", " "]), Selection(groups=[""])):
        with pytest.raises(HostSelectionError, match="empty host or group name"):
            check(selection, options=RunOptions(config=project))


def test_the_console_script_flushes_its_output_and_keeps_the_exit_code(project: Path) -> None:
    """``netauto`` leaves without tearing the interpreter down (os._exit after the exit
    handlers): every line still arrives through a pipe, and the exit code is the command's."""
    import subprocess

    netauto = str(Path(sys.executable).parent / "netauto")
    listed = subprocess.run([netauto, "--help"], capture_output=True, text=True)
    assert listed.returncode == 0 and "Commands:" in listed.stdout
    assert listed.stdout.rstrip().splitlines()[-1].split()[0] == "worker"  # the last command
    refused = subprocess.run(
        [netauto, "backup", "--config", str(project), "--workers", "0"],
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and "workers" in refused.stderr
    failed = subprocess.run(
        [netauto, "ops", "show", "nosuchrun", "--config", str(project)],
        capture_output=True,
        text=True,
    )
    assert failed.returncode != 0 and failed.stderr.startswith("Error:")
